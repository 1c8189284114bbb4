import { describe, it, expect, beforeEach, vi } from "vitest";
import { mockIPC, mockConvertFileSrc } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { ExhibitRow, ProgressEvent } from "../../lib/bindings";
import { session } from "../../lib/session.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { setLang } from "../../lib/i18n/index.svelte";
import { longOp } from "../../lib/components/longop.svelte";
import {
  kindCounts, byExhibit, filterRows, summarizeAdd, validateNote, noteRequest, kindIcon, hasThumbnail,
} from "./evidence";
import { evidence, addPaths, pickAndAdd, loadEvidence } from "./store.svelte";
import EvidenceScreen from "./EvidenceScreen.svelte";

const row = (n: number, over: Partial<ExhibitRow> = {}): ExhibitRow => ({
  exhibit: n, kind: "image", mediaType: "image/png", name: `Screenshot_${n}.png`, size: 1000 + n,
  sha256: `${n}`.padStart(64, "a"), capturedAt: "2026-03-05 21:03:11", basis: "exif",
  contributor: null, viewable: true, events: 0, ...over,
});

beforeEach(() => {
  setLang("en");
  session.contributor = "";
  session.case = null;
  evidence.rows = [];
  evidence.result = null;
  evidence.addError = null;
  evidence.view = "grid";
  reset({ name: "evidence" });
});

describe("evidence logic", () => {
  it("counts kinds and keeps exhibit order", () => {
    const rows = [row(2), row(1, { kind: "audio" }), row(3)];
    expect(kindCounts(rows).get("image")).toBe(2);
    expect(byExhibit(rows).map((r) => r.exhibit)).toEqual([1, 2, 3]);
    const sorted = [row(1), row(2)];
    expect(byExhibit(sorted)).toBe(sorted);
  });

  it("filters by number, name, contributor, SHA prefix and kind", () => {
    const rows = [row(1, { contributor: "母亲" }), row(12, { kind: "audio", name: "rec.m4a" }), row(3)];
    expect(filterRows(rows, "#12", "").map((r) => r.exhibit)).toEqual([12]);
    expect(filterRows(rows, "母亲", "").map((r) => r.exhibit)).toEqual([1]);
    expect(filterRows(rows, "", "audio").map((r) => r.exhibit)).toEqual([12]);
    expect(filterRows(rows, "REC", "").map((r) => r.exhibit)).toEqual([12]);
    expect(filterRows(rows, "aaaaaa", "").length).toBe(3);
    expect(filterRows(rows, "", "")).toBe(rows);
  });

  it("summarizes an add", () => {
    expect(summarizeAdd({ added: [], duplicates: [4, 5], failed: [], notReached: [] })).toMatchObject({ allKnown: true, clean: true });
    expect(summarizeAdd({ added: [1], duplicates: [], failed: [{ path: "/x", message: "m" }], notReached: ["/y"] }))
      .toEqual({ added: 1, duplicates: 0, failed: 1, notReached: 1, allKnown: false, clean: false });
  });

  it("checks the note form and builds its request", () => {
    expect(validateNote({ channel: "visit", party: "", at: "", text: " " })).toEqual(["text"]);
    expect(validateNote({ channel: "visit", party: "", at: "yesterday", text: "x" })).toEqual(["at"]);
    expect(validateNote({ channel: "sms", party: "", at: "2026-03-05 21:03", text: "x" })).toEqual(["channel"]);
    expect(validateNote({ channel: "call", party: "", at: "2026-03-05T21:03", text: "x" })).toEqual([]);
    expect(noteRequest({ channel: "visit", party: " 张三 ", at: "2026-03-05T21:03", text: " came to the door " }, "母亲")).toEqual({
      text: "came to the door", channel: "visit", party: "张三", at: "2026-03-05 21:03", contributor: "母亲", reached: "debtor",
    });
    expect(noteRequest({ channel: "call", party: "", at: "", text: "x" }, null)).toMatchObject({ party: null, at: null });
    // A relative's own account reached the relative, never the borrower.
    expect(validateNote({ channel: "call", party: "", at: "", text: "x", reached: "other", reachedName: " " })).toEqual(["reached"]);
    expect(noteRequest({ channel: "call", party: "17055511020", at: "", text: "x", reached: "other", reachedName: " 王芳 " }, "王芳")).toMatchObject({ reached: "王芳" });
  });

  it("knows what shows as a thumbnail", () => {
    expect(kindIcon("hologram")).toBe("other");
    expect(hasThumbnail(row(1))).toBe(true);
    expect(hasThumbnail(row(1, { viewable: false }))).toBe(false);
    expect(hasThumbnail(row(1, { kind: "audio" }))).toBe(false);
    expect(hasThumbnail(row(1, { mediaType: "image/webp" }))).toBe(true);
    // WebKit can show a GIF, but the core makes no thumbnail of one.
    expect(hasThumbnail(row(1, { mediaType: "image/gif" }))).toBe(false);
  });
});

describe("adding files through the backend", () => {
  it("sends the paths and contributor, shows progress, then reloads the list", async () => {
    session.contributor = " 母亲 ";
    const sent: [string, unknown][] = [];
    let sawDialog = false;
    mockIPC((cmd, args) => {
      sent.push([cmd, cmd === "add_files" ? (args as { req: unknown }).req : args]);
      if (cmd === "add_files") {
        const ch = (args as { onProgress: Channel<ProgressEvent> }).onProgress;
        ch.onmessage({ kind: "begin", files: 2, bytes: 10 });
        ch.onmessage({ kind: "file", name: "/a.png" });
        sawDialog = longOp.active && longOp.progress.name === "/a.png";
        return { added: [1], duplicates: [2], failed: [], notReached: [] };
      }
      if (cmd === "evidence_list") return [row(2), row(1)];
      if (cmd === "case_summary") return { path: "/c", title: "c", rules: "cn", timeZone: "Asia/Shanghai", createdAt: "", exhibits: 2, events: 0, parties: 0 };
      return null;
    });
    await addPaths(["/a.png", "/b.png"]);
    expect(sent[0]).toEqual(["add_files", { paths: ["/a.png", "/b.png"], contributor: "母亲" }]);
    expect(sent.map((s) => s[0])).toEqual(["add_files", "evidence_list", "case_summary"]);
    expect(sawDialog).toBe(true);
    expect(longOp.active).toBe(false);
    expect(evidence.result?.added).toEqual([1]);
    expect(evidence.rows.map((r) => r.exhibit)).toEqual([1, 2]);
    expect(session.case?.exhibits).toBe(2);
  });

  it("keeps a failed add's error and does not pick when cancelled", async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      if (cmd === "pick") return null;
      if (cmd === "add_files") throw { code: "read_only", message: "x" };
      if (cmd === "evidence_list") return [];
      return null;
    });
    await pickAndAdd();
    expect(cmds).toEqual(["pick"]);
    await addPaths(["/a"]);
    expect(evidence.addError?.code).toBe("read_only");
  });

  it("the screen lists exhibits, switches views and opens one", async () => {
    mockConvertFileSrc("linux");
    const rows = Array.from({ length: 10_000 }, (_, i) => row(i + 1));
    mockIPC((cmd) => (cmd === "evidence_list" ? rows : null));
    const { getByTestId, getAllByTestId } = render(EvidenceScreen);
    await waitFor(() => expect(getAllByTestId("exhibit-card").length).toBeGreaterThan(0));
    // 10,000 exhibits, only a window of them in the DOM.
    expect(getAllByTestId("exhibit-card").length).toBeLessThan(100);
    // The grid asks for the core's small thumbnail, never the original, once
    // the card has stopped moving. The first one cannot be made (a damaged
    // image); the others are still on their way.
    const asked: string[] = [];
    const first = `evidence://localhost/${encodeURIComponent(`thumb/${rows[0].sha256}`)}?fit=256x256`;
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string) => {
        asked.push(url);
        return url === first ? Promise.resolve({ ok: false, status: 415 }) : new Promise(() => {});
      }),
    );
    try {
      await waitFor(() => expect(asked).toContain(first));
      // A thumbnail the core cannot make falls back to the kind's icon.
      await waitFor(() => expect(getAllByTestId("exhibit-card")[0].querySelector("canvas")).toBeNull());
      expect(getAllByTestId("exhibit-card")[1].querySelector("canvas")).not.toBeNull();
      expect(asked.every((u) => u.includes("thumb%2F"))).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    await fireEvent.click(getByTestId("view-list"));
    expect(getAllByTestId("exhibit-card")[0].textContent).toContain("Screenshot_1.png");
    expect(getAllByTestId("exhibit-card").length).toBeLessThan(100);
    await fireEvent.click(getAllByTestId("exhibit-card")[1]);
    expect(nav.current).toEqual({ name: "exhibit", exhibit: 2, event: null });
  });

  it("the screen shows the add result with failures named", async () => {
    mockIPC((cmd) => {
      if (cmd === "pick") return ["/x/a.png", "/x/坏.png"];
      if (cmd === "add_files") return { added: [1], duplicates: [], failed: [{ path: "/x/坏.png", message: "cannot read" }], notReached: [] };
      if (cmd === "evidence_list") return [row(1)];
      return null;
    });
    const { getByTestId } = render(EvidenceScreen);
    await fireEvent.click(getByTestId("add-files"));
    await waitFor(() => expect(getByTestId("add-result").textContent).toContain("/x/坏.png"));
    expect(getByTestId("add-result").textContent).toContain("cannot read");
    expect(getByTestId("add-result").textContent).toContain("1 added");
  });

  it("loadEvidence keeps the error", async () => {
    mockIPC(() => {
      throw { code: "no_case", message: "no case" };
    });
    await loadEvidence();
    expect(evidence.loadError?.code).toBe("no_case");
  });
});
