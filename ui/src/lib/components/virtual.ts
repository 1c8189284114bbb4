// Which rows of a fixed-row-height list are on screen.

export type Window = { start: number; end: number };

/** Height assumed before the viewport is measured (and in tests). */
export const FALLBACK_HEIGHT = 800;

/** Rows [start, end) to render for a scroll position, with `overscan` extra. */
export function visibleWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 6,
): Window {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const h = viewport > 0 ? viewport : FALLBACK_HEIGHT;
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + Math.ceil(h / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * How many row slots a list keeps: the longest window `visibleWindow` can
 * return. Row `i` is drawn by slot `i % slots`, so the row that scrolls out
 * at one end is reused for the row that scrolls in at the other: the webview
 * swaps an image's source instead of making new elements and leaving the old
 * ones (and their decoded images) to the garbage collector.
 */
export function slotCount(viewport: number, rowHeight: number, overscan = 6): number {
  if (rowHeight <= 0) return 1;
  const h = viewport > 0 ? viewport : FALLBACK_HEIGHT;
  return Math.ceil(h / rowHeight) + 2 * overscan + 1;
}

/** For each slot, the row it draws in this window, or -1 for none. */
export function slotsFor(win: Window, slots: number): number[] {
  const out = new Array<number>(slots).fill(-1);
  for (let i = win.start; i < win.end; i++) out[i % slots] = i;
  return out;
}

/** The scrollTop that brings a row into view (centred), or null if visible. */
export function scrollFor(
  index: number,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  const h = viewport > 0 ? viewport : FALLBACK_HEIGHT;
  if (top >= scrollTop && top + rowHeight <= scrollTop + h) return null;
  return Math.max(0, top - h / 2 + rowHeight / 2);
}

/** How many cards fit across a grid of `width` pixels. */
export function gridColumns(width: number, minCard: number, gap: number): number {
  if (width <= 0) return 4;
  return Math.max(1, Math.floor((width + gap) / (minCard + gap)));
}
