import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { BundleExhibit, BundleView } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { session } from "../../lib/session.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { previewable, filterExhibits, closeBundle } from "./bundle";
import BundleScreen from "./BundleScreen.svelte";

const x = (n: number, over: Partial<BundleExhibit> = {}): BundleExhibit => ({
  exhibit: n, file: `Screenshot_${n}.png`, sha256: `${n}`.padStart(64, "c"), size: 100, kind: "image",
  capturedAt: "2026-03-05 21:03:11", contributor: null, ...over,
});
const view = (over: Partial<BundleView> = {}): BundleView => ({
  path: "/in/bundle.zip", intact: true, problems: [], originals: 2, auditEntries: 9, title: "张三 催收案",
  generatedAt: "2026-03-30 09:00:00", exhibits: [x(1), x(2, { kind: "export", file: "calls.xml", contributor: "母亲" })],
  findings: ["3 calls at night."], ...over,
});

beforeEach(() => {
  setLang("en");
  reset({ name: "bundle" });
});

describe("bundle logic", () => {
  it("knows what can be previewed and filters", () => {
    expect(previewable(x(1))).toBe("image");
    expect(previewable(x(1, { kind: "audio" }))).toBe("audio");
    expect(previewable(x(1, { kind: "export" }))).toBeNull();
    const list = view().exhibits;
    expect(filterExhibits(list, "calls").map((e) => e.exhibit)).toEqual([2]);
    expect(filterExhibits(list, "#1").map((e) => e.exhibit)).toEqual([1]);
    expect(filterExhibits(list, "母亲").map((e) => e.exhibit)).toEqual([2]);
    expect(filterExhibits(list, "")).toBe(list);
  });

  it("closes through the backend and returns to the start", async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => void cmds.push(cmd));
    session.bundle = view();
    await closeBundle();
    expect(cmds).toEqual(["bundle_close"]);
    expect(session.bundle).toBeNull();
    expect(nav.current).toEqual({ name: "start" });
  });
});

describe("bundle screen", () => {
  it("shows the verification first, read-only, with exhibits and findings", async () => {
    session.bundle = view();
    const { getByTestId, container, getByText } = render(BundleScreen);
    expect(getByTestId("bundle-result").getAttribute("data-intact")).toBe("true");
    expect(container.textContent).toContain("Read-only: this is a received bundle");
    expect(container.textContent).toContain("3 calls at night.");
    expect(container.textContent).toContain("张三 催收案");
    await fireEvent.click(getByText("Screenshot_1.png"));
    await waitFor(() => expect(container.querySelector(".preview img")?.getAttribute("src")).toBe(`evidence://localhost/${x(1).sha256}`));
  });

  it("lists the problems of a bundle that does not verify", () => {
    session.bundle = view({ intact: false, problems: ["Screenshot_1.png does not match the manifest"] });
    const { getByTestId } = render(BundleScreen);
    expect(getByTestId("bundle-result").getAttribute("data-intact")).toBe("false");
    expect(getByTestId("bundle-result").textContent).toContain("does not match the manifest");
  });
});
