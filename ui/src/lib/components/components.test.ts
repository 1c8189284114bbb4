import { describe, it, expect, vi } from "vitest";
import { delayedSrc, SETTLE_MS } from "./delayedSrc";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { reduceProgress, idle, fraction } from "./progress";
import { visibleWindow, scrollFor, gridColumns, slotCount, FALLBACK_HEIGHT } from "./virtual";
import { longOp, runLong, stopLong } from "./longop.svelte";
import ProgressDialog from "./ProgressDialog.svelte";
import VirtualListHarness from "./VirtualListHarness.test.svelte";

describe("progress", () => {
  it("follows begin, file, advance and end", () => {
    let s = reduceProgress(idle(), { kind: "begin", files: 3, bytes: 1000 });
    expect(fraction(s)).toBe(0);
    s = reduceProgress(s, { kind: "file", name: "a.png" });
    s = reduceProgress(s, { kind: "advance", done: 400 });
    expect(s.name).toBe("a.png");
    expect(fraction(s)).toBeCloseTo(0.4);
    s = reduceProgress(s, { kind: "advance", done: 300 });
    expect(s.done).toBe(400);
    s = reduceProgress(s, { kind: "end" });
    expect(s.ended).toBe(true);
    expect(fraction(s)).toBe(1);
  });

  it("is indeterminate when nothing is known, counts files when bytes are not", () => {
    expect(fraction(idle())).toBeNull();
    let s = reduceProgress(idle(), { kind: "begin", files: 4, bytes: 0 });
    s = reduceProgress(s, { kind: "file", name: "x" });
    expect(fraction(s)).toBe(0.25);
  });
});

describe("virtual window", () => {
  it("renders only the rows on screen plus overscan", () => {
    expect(visibleWindow(0, 360, 36, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(36_000, 360, 36, 100_000, 5)).toEqual({ start: 995, end: 1015 });
    expect(visibleWindow(99_999 * 36, 360, 36, 100_000, 5).end).toBe(100_000);
    expect(visibleWindow(0, 0, 36, 0)).toEqual({ start: 0, end: 0 });
    const w = visibleWindow(0, 0, 40, 1000, 0);
    expect(w.end).toBe(FALLBACK_HEIGHT / 40);
  });

  it("scrolls a row into view only when it is not", () => {
    expect(scrollFor(2, 0, 360, 36)).toBeNull();
    expect(scrollFor(500, 0, 360, 36)).toBe(500 * 36 - 180 + 18);
  });

  it("fits grid columns to the width", () => {
    expect(gridColumns(1000, 168, 12)).toBe(5);
    expect(gridColumns(100, 168, 12)).toBe(1);
    expect(gridColumns(0, 168, 12)).toBe(4);
  });

  it("keeps a slot for every row of any window, so keys never collide", () => {
    for (const [h, rh, over] of [
      [360, 36, 5],
      [700, 196, 6],
      [0, 44, 6],
      [1080, 30, 0],
    ]) {
      const slots = slotCount(h, rh, over);
      for (let top = 0; top < 200 * rh; top += rh / 3) {
        const w = visibleWindow(top, h, rh, 10_000, over);
        expect(w.end - w.start).toBeLessThanOrEqual(slots);
        const keys = new Set<number>();
        for (let i = w.start; i < w.end; i++) keys.add(i % slots);
        expect(keys.size).toBe(w.end - w.start);
      }
    }
  });

  it("reuses the row that scrolls out for the row that scrolls in", async () => {
    const { getAllByTestId, getByRole } = render(VirtualListHarness, { count: 1000 });
    const before = new Set(getAllByTestId("vrow").map((e) => e.parentElement));
    const viewport = getByRole("list");
    viewport.scrollTop = 30 * 40;
    await fireEvent.scroll(viewport);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    flushSync();
    const after = getAllByTestId("vrow");
    expect(after.some((e) => e.textContent === "row 40")).toBe(true);
    // The window grew by the overscan above it; every old row was kept, in
    // its place: rows are never moved in the DOM, only given new content.
    expect(after.filter((e) => before.has(e.parentElement)).length).toBe(before.size);
    const order = [...viewport.querySelectorAll(".row")];
    expect(order.slice(0, before.size)).toEqual([...before]);
    const row40 = after.find((e) => e.textContent === "row 40")?.parentElement;
    expect(row40?.getAttribute("aria-posinset")).toBe("41");
    expect(row40?.style.top).toBe(`${40 * 30}px`);
  });

  it("mounts only a window of a long list", () => {
    const { getAllByTestId } = render(VirtualListHarness, { count: 100_000 });
    const rows = getAllByTestId("vrow");
    expect(rows.length).toBeLessThan(60);
    expect(rows[0].textContent).toBe("row 0");
  });
});

describe("delayed image source", () => {
  it("asks for an image only once the card has shown it for a moment", () => {
    vi.useFakeTimers();
    try {
      const img = document.createElement("img");
      const action = delayedSrc(img, "evidence://localhost/thumb%2Fa");
      expect(img.hasAttribute("src")).toBe(false);
      vi.advanceTimersByTime(SETTLE_MS + 1);
      expect(img.getAttribute("src")).toBe("evidence://localhost/thumb%2Fa");
      // Scrolled past quickly: b is never asked for, and a is not shown for c.
      action.update("evidence://localhost/thumb%2Fb");
      expect(img.hasAttribute("src")).toBe(false);
      vi.advanceTimersByTime(SETTLE_MS / 2);
      action.update("evidence://localhost/thumb%2Fc");
      vi.advanceTimersByTime(SETTLE_MS / 2 + 1);
      expect(img.hasAttribute("src")).toBe(false);
      vi.advanceTimersByTime(SETTLE_MS);
      expect(img.getAttribute("src")).toBe("evidence://localhost/thumb%2Fc");
      action.update("evidence://localhost/thumb%2Fd");
      action.destroy();
      vi.advanceTimersByTime(SETTLE_MS * 2);
      expect(img.hasAttribute("src")).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("long operations", () => {
  it("show the dialog while running and cancel through the backend", async () => {
    const calls: string[] = [];
    let finish: (v: string) => void = () => {};
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "cancel") finish("stopped");
      return null;
    });
    const { queryByTestId, getByTestId } = render(ProgressDialog);
    expect(queryByTestId("progress-dialog")).toBeNull();
    const running = runLong("Adding files", (p) => {
      p({ kind: "begin", files: 2, bytes: 0 });
      p({ kind: "file", name: "/very/long/路径/截图.png" });
      return new Promise<string>((resolve) => (finish = resolve));
    });
    flushSync();
    expect(getByTestId("progress-dialog").textContent).toContain("Adding files");
    expect(getByTestId("progress-dialog").textContent).toContain("截图.png");
    await fireEvent.click(getByTestId("progress-cancel"));
    expect(await running).toBe("stopped");
    expect(calls).toEqual(["cancel"]);
    flushSync();
    expect(queryByTestId("progress-dialog")).toBeNull();
    expect(longOp.active).toBe(false);
  });

  it("does nothing when asked to stop with nothing running", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => void calls.push(cmd));
    await stopLong();
    expect(calls).toEqual([]);
  });
});
