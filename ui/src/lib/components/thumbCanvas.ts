// Thumbnails in a virtualized grid: drawn into a canvas each card keeps, once
// the card has stopped moving.
//
// The pixels come from `evidence://localhost/thumb/<sha256>?fit=WxH` already
// scaled to the card (the width and height as big-endian 32-bit numbers,
// then RGBA rows). An `<img>` per card would have the webview decode each
// picture and keep it in its caches: reading a grid of 10,000 screenshots
// grew the web process by 250 MiB that way. Here nothing is decoded, and
// the canvas a card reuses is the only copy of what it shows.

/** How long a card must show the same exhibit before its pixels are asked for. */
export const SETTLE_MS = 90;

export interface ThumbParams {
  /** The thumbnail's URL, without the `fit` query the action adds. */
  url: string;
  /** Called when the thumbnail cannot be had (a damaged image). */
  onerror: () => void;
}

/** The canvas's state, in `data-state`: `waiting`, `loaded` or `failed`. */
export type ThumbState = "waiting" | "loaded" | "failed";

/** The pixels of an answer, or null when it is not a whole one. */
export function decodePixels(buf: ArrayBuffer): { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> } | null {
  if (buf.byteLength < 8) return null;
  const view = new DataView(buf);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  if (width === 0 || height === 0 || buf.byteLength !== 8 + width * height * 4) return null;
  return { width, height, rgba: new Uint8ClampedArray(buf, 8) };
}

/** Whether `el` shows inside its list (the nearest `role="list"`), or the window. */
export function onScreen(el: Element): boolean {
  const r = el.getBoundingClientRect();
  const list = el.closest('[role="list"]');
  const view = list ? list.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
  return r.bottom >= view.top && r.top <= view.bottom;
}

/**
 * A Svelte action on a `<canvas>`: draws the thumbnail at `url` once the
 * card has shown the same exhibit for `SETTLE_MS` and is on screen. A grid
 * scrolled past quickly asks for nothing (no thumbnail is made for a card nobody saw); a
 * reused card is cleared at once and its earlier request dropped, so it
 * never shows the picture of the exhibit it showed before.
 */
export function thumbCanvas(canvas: HTMLCanvasElement, params: ThumbParams) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abort: AbortController | null = null;
  let current = "";
  let onerror = params.onerror;
  const state = (s: ThumbState) => (canvas.dataset.state = s);

  const load = async (url: string, signal: AbortSignal) => {
    // The box the picture is shown in, in device pixels.
    const box = canvas.parentElement?.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round((box?.width || 256) * dpr));
    const h = Math.max(1, Math.round((box?.height || 256) * dpr));
    try {
      const res = await fetch(`${url}?fit=${w}x${h}`, { signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const px = decodePixels(await res.arrayBuffer());
      if (!px) throw new Error("not a whole thumbnail");
      if (signal.aborted) return;
      canvas.width = px.width;
      canvas.height = px.height;
      // Shown at its size in CSS pixels (the box fits it already).
      canvas.style.width = `${px.width / dpr}px`;
      canvas.style.height = `${px.height / dpr}px`;
      canvas.getContext("2d")?.putImageData(new ImageData(px.rgba, px.width, px.height), 0, 0);
      state("loaded");
    } catch {
      if (signal.aborted) return;
      state("failed");
      onerror();
    }
  };

  const show = (p: ThumbParams) => {
    onerror = p.onerror;
    if (p.url === current) return;
    current = p.url;
    clearTimeout(timer);
    abort?.abort();
    abort = null;
    // Emptied at once: a width of 0 also lets the old pixels go.
    canvas.width = 0;
    canvas.height = 0;
    state("waiting");
    const settled = () => {
      // A card in the list's overscan keeps its exhibit while a fast scroll
      // carries it past: it waits until it is on screen.
      if (!onScreen(canvas.parentElement ?? canvas)) {
        timer = setTimeout(settled, SETTLE_MS);
        return;
      }
      abort = new AbortController();
      void load(p.url, abort.signal);
    };
    timer = setTimeout(settled, SETTLE_MS);
  };

  show(params);
  return {
    update: show,
    destroy: () => {
      clearTimeout(timer);
      abort?.abort();
    },
  };
}
