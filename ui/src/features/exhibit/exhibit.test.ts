import { describe, it, expect, beforeEach, vi } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { ExhibitDetail, ExhibitRow } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { nav, reset, go } from "../../lib/nav.svelte";
import { viewerFor, zoomIn, zoomOut, fitScale, checkTag, focusIndex, load, addTag, addNote, removeTag, copyText } from "./exhibit";
import ExhibitScreen from "./ExhibitScreen.svelte";

const SHA = "9f".repeat(32);
const row = (over: Partial<ExhibitRow> = {}): ExhibitRow => ({
  exhibit: 4, kind: "export", mediaType: "application/xml", name: "calls.xml", size: 2048, sha256: SHA,
  capturedAt: "2026-03-29 10:00:00", basis: "import_time", contributor: "本人", viewable: false, events: 3, ...over,
});
const detail = (over: Partial<ExhibitDetail> = {}): ExhibitDetail => ({
  row: row(), originalName: "calls-20260329.xml", basisText: "time it was imported", captureRaw: "2026-03-29T02:00:00Z",
  zoneAssumed: true, durationS: null, addedAt: "2026-03-29 10:01:00", addedNote: null, alsoFrom: ["母亲"], text: null,
  notes: [{ text: "first note", addedAt: "2026-03-29 10:02:00" }], tags: ["催收"],
  events: [1, 2, 3].map((id) => ({ id, at: `2026-03-0${id} 21:00:00`, channel: "call", direction: "in", party: "138", durationS: 5, body: null, record: `call ${id}` })),
  eventsTotal: 3, focus: 2, extractedFrom: null, ...over,
});

beforeEach(() => {
  setLang("en");
  reset({ name: "timeline", rule: null });
});

describe("exhibit logic", () => {
  it("chooses the viewer", () => {
    expect(viewerFor(row({ kind: "image", viewable: true }), null)).toBe("image");
    expect(viewerFor(row({ kind: "audio", viewable: true }), null)).toBe("audio");
    expect(viewerFor(row({ kind: "other", mediaType: "video/mp4", viewable: true }), null)).toBe("video");
    expect(viewerFor(row({ kind: "image", viewable: false }), null)).toBe("none");
    expect(viewerFor(row({ kind: "note" }), "words")).toBe("text");
  });

  it("zooms in steps and fits", () => {
    expect(zoomIn(1)).toBe(1.5);
    expect(zoomIn(0.33)).toBe(0.5);
    expect(zoomOut(1)).toBe(0.75);
    expect(zoomOut(0.1)).toBe(0.1);
    expect(zoomIn(8)).toBe(8);
    expect(fitScale(2000, 1000, 1000, 1000)).toBe(0.5);
    expect(fitScale(200, 100, 1000, 1000)).toBe(1);
    expect(fitScale(0, 0, 10, 10)).toBe(1);
  });

  it("checks tags and finds the focus", () => {
    expect(checkTag("  ", [])).toBe("empty");
    expect(checkTag("催收", ["催收"])).toBe("exists");
    expect(checkTag("威胁", ["催收"])).toBeNull();
    expect(focusIndex(detail().events, 2)).toBe(1);
    expect(focusIndex(detail().events, null)).toBe(-1);
  });

  it("copies through the clipboard and says when it cannot", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    expect(await copyText("abc")).toBe(true);
    expect(writeText).toHaveBeenCalledWith("abc");
    writeText.mockRejectedValueOnce(new Error("denied"));
    expect(await copyText("abc")).toBe(false);
  });
});

describe("exhibit through the backend", () => {
  it("loads at an event and annotates", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      return cmd === "exhibit" ? detail() : null;
    });
    expect((await load(4, 2)).focus).toBe(2);
    await addTag(4, " 威胁 ");
    await addNote(4, "called at night");
    await removeTag(4, "催收");
    expect(sent).toEqual([
      ["exhibit", { exhibit: 4, event: 2 }],
      ["annotate", { req: { exhibit: 4, kind: "tag", text: "威胁" } }],
      ["annotate", { req: { exhibit: 4, kind: "note", text: "called at night" } }],
      ["remove_tag", { exhibit: 4, tag: "催收" }],
    ]);
  });

  it("the screen shows the SHA-256, the focused event, tags, and goes back", async () => {
    go({ name: "exhibit", exhibit: 4, event: 2 });
    let tags = ["催收"];
    const sent: string[] = [];
    mockIPC((cmd, args) => {
      sent.push(cmd);
      if (cmd === "annotate") tags = [...tags, (args as { req: { text: string } }).req.text];
      if (cmd === "remove_tag") tags = tags.filter((t) => t !== (args as { tag: string }).tag);
      return cmd === "exhibit" ? detail({ tags }) : null;
    });
    const { getByTestId, getAllByTestId, container, getByLabelText } = render(ExhibitScreen, { exhibit: 4, event: 2 });
    await waitFor(() => getByTestId("exhibit-sha256"));
    expect(getByTestId("exhibit-sha256").textContent).toBe(SHA);
    expect(getAllByTestId("linked-event").length).toBe(3);
    expect(getAllByTestId("linked-event")[1].getAttribute("aria-current")).toBe("true");
    expect(container.textContent).toContain("the case's zone was assumed");
    expect(container.textContent).toContain("本人、母亲");
    await fireEvent.input(getByTestId("tag-input"), { target: { value: "威胁" } });
    await fireEvent.click(getByTestId("tag-add"));
    await waitFor(() => expect(container.textContent).toContain("威胁"));
    await fireEvent.click(getByLabelText("Remove tag 催收"));
    await waitFor(() => expect(container.querySelector(".chips")?.textContent).not.toContain("催收"));
    expect(sent.filter((c) => c !== "exhibit")).toEqual(["annotate", "remove_tag"]);
    await fireEvent.click(getByTestId("back"));
    expect(nav.current).toEqual({ name: "timeline", rule: null });
  });

  it("shows an image through the evidence URL", async () => {
    mockIPC(() => detail({ row: row({ kind: "image", viewable: true, mediaType: "image/png" }), events: [], eventsTotal: 0, focus: null }));
    const { getByTestId } = render(ExhibitScreen, { exhibit: 4, event: null });
    await waitFor(() => getByTestId("exhibit-image"));
    expect(getByTestId("exhibit-image").getAttribute("src")).toBe(`evidence://localhost/${SHA}`);
  });

  it("shows a missing exhibit's message", async () => {
    mockIPC(() => {
      throw { code: "not_found", message: "exhibit 99 is not in this case" };
    });
    const { container } = render(ExhibitScreen, { exhibit: 99, event: null });
    await waitFor(() => expect(container.textContent).toContain("exhibit 99 is not in this case"));
  });
});
