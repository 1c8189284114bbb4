import { describe, it, expect, vi } from "vitest";
import { thumbCanvas, decodePixels, onScreen, SETTLE_MS } from "./thumbCanvas";
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

/** An answer of the thumbnail protocol: width, height, then RGBA. */
function pixels(width: number, height: number): ArrayBuffer {
  const buf = new ArrayBuffer(8 + width * height * 4);
  const view = new DataView(buf);
  view.setUint32(0, width);
  view.setUint32(4, height);
  return buf;
}

describe("thumbnail canvas", () => {
  it("reads the protocol's pixels and refuses a cut or empty answer", () => {
    expect(decodePixels(pixels(3, 2))).toMatchObject({ width: 3, height: 2 });
    expect(decodePixels(pixels(3, 2))?.rgba.length).toBe(24);
    expect(decodePixels(pixels(3, 2).slice(0, 20))).toBeNull();
    expect(decodePixels(pixels(0, 2))).toBeNull();
    expect(decodePixels(new ArrayBuffer(4))).toBeNull();
  });

  it("asks for pixels only once the card has shown them for a moment, sized to the card", async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const drawn: [number, number][] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: { signal: AbortSignal }) => {
        asked.push(url);
        if (init.signal.aborted) throw new DOMException("aborted", "AbortError");
        return { ok: true, arrayBuffer: async () => pixels(54, 120) };
      }),
    );
    vi.stubGlobal(
      "ImageData",
      class {
        constructor(
          public data: Uint8ClampedArray,
          public width: number,
          public height: number,
        ) {}
      },
    );
    const context = vi
      .spyOn(HTMLCanvasElement.prototype, "getContext")
      .mockImplementation(() => ({ putImageData: (d: ImageData) => drawn.push([d.width, d.height]) }) as never);
    try {
      const box = document.createElement("div");
      box.getBoundingClientRect = () => ({ top: 0, bottom: 120, width: 150, height: 120 }) as DOMRect;
      const canvas = document.createElement("canvas");
      box.append(canvas);
      const onerror = vi.fn();
      const action = thumbCanvas(canvas, { url: "evidence://localhost/thumb%2Fa", onerror });
      expect(canvas.dataset.state).toBe("waiting");
      expect(asked).toEqual([]);
      await vi.advanceTimersByTimeAsync(SETTLE_MS + 1);
      expect(asked).toEqual(["evidence://localhost/thumb%2Fa?fit=150x120"]);
      expect(canvas.dataset.state).toBe("loaded");
      expect([canvas.width, canvas.height]).toEqual([54, 120]);
      expect(drawn).toEqual([[54, 120]]);

      // Scrolled past quickly: b is never asked for, and a is not shown for c.
      action.update({ url: "evidence://localhost/thumb%2Fb", onerror });
      expect(canvas.dataset.state).toBe("waiting");
      expect(canvas.width).toBe(0);
      await vi.advanceTimersByTimeAsync(SETTLE_MS / 2);
      action.update({ url: "evidence://localhost/thumb%2Fc", onerror });
      await vi.advanceTimersByTimeAsync(SETTLE_MS / 2 + 1);
      expect(asked.length).toBe(1);
      await vi.advanceTimersByTimeAsync(SETTLE_MS);
      expect(asked[asked.length - 1]).toBe("evidence://localhost/thumb%2Fc?fit=150x120");
      expect(canvas.dataset.state).toBe("loaded");

      // A card that goes away drops what it was waiting for.
      action.update({ url: "evidence://localhost/thumb%2Fd", onerror });
      action.destroy();
      await vi.advanceTimersByTimeAsync(SETTLE_MS * 2);
      expect(asked.length).toBe(2);
      expect(onerror).not.toHaveBeenCalled();
    } finally {
      context.mockRestore();
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it("waits while its card is outside the list, as in a fast scroll's overscan", async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string) => {
        asked.push(url);
        return new Promise(() => {});
      }),
    );
    try {
      const list = document.createElement("div");
      list.setAttribute("role", "list");
      list.getBoundingClientRect = () => ({ top: 100, bottom: 700 }) as DOMRect;
      const box = document.createElement("div");
      let top = 900;
      box.getBoundingClientRect = () => ({ top, bottom: top + 120, width: 150, height: 120 }) as DOMRect;
      const canvas = document.createElement("canvas");
      box.append(canvas);
      list.append(box);
      expect(onScreen(box)).toBe(false);
      const action = thumbCanvas(canvas, { url: "evidence://localhost/thumb%2Fa", onerror: () => {} });
      await vi.advanceTimersByTimeAsync(SETTLE_MS * 5);
      expect(asked).toEqual([]);
      top = 650; // scrolled into view, partly
      expect(onScreen(box)).toBe(true);
      await vi.advanceTimersByTimeAsync(SETTLE_MS + 1);
      expect(asked).toEqual(["evidence://localhost/thumb%2Fa?fit=150x120"]);
      action.destroy();
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it("reports a thumbnail that cannot be had, and not one it stopped waiting for", async () => {
    vi.useFakeTimers();
    let answer: (r: unknown) => void = () => {};
    vi.stubGlobal(
      "fetch",
      vi.fn(() => new Promise((r) => (answer = r))),
    );
    try {
      const canvas = document.createElement("canvas");
      document.createElement("div").append(canvas);
      const onerror = vi.fn();
      const action = thumbCanvas(canvas, { url: "evidence://localhost/thumb%2Fbad", onerror });
      await vi.advanceTimersByTimeAsync(SETTLE_MS + 1);
      answer({ ok: false, status: 415 });
      await vi.advanceTimersByTimeAsync(0);
      expect(canvas.dataset.state).toBe("failed");
      expect(onerror).toHaveBeenCalledTimes(1);

      // Moved on while the answer was on its way: the late answer is dropped.
      action.update({ url: "evidence://localhost/thumb%2Fslow", onerror });
      await vi.advanceTimersByTimeAsync(SETTLE_MS + 1);
      action.update({ url: "evidence://localhost/thumb%2Fnext", onerror });
      answer({ ok: false, status: 404 });
      await vi.advanceTimersByTimeAsync(0);
      expect(canvas.dataset.state).toBe("waiting");
      expect(onerror).toHaveBeenCalledTimes(1);
      action.destroy();
    } finally {
      vi.unstubAllGlobals();
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
