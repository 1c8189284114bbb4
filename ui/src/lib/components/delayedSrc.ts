// Images in a virtualized grid load only once their row has stopped moving.

/** How long a card must show the same exhibit before its image is asked for. */
export const SETTLE_MS = 90;

/**
 * A Svelte action: sets `img.src` to `url` once it has stayed the same for
 * `SETTLE_MS`. A grid scrolled past quickly asks for nothing (no thumbnail is
 * made for a card nobody saw), and a reused card never shows the picture of
 * the exhibit it showed before.
 */
export function delayedSrc(img: HTMLImageElement, url: string) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (next: string) => {
    clearTimeout(timer);
    if (img.getAttribute("src") === next) return;
    img.removeAttribute("src");
    timer = setTimeout(() => {
      img.src = next;
    }, SETTLE_MS);
  };
  show(url);
  return {
    update: show,
    destroy: () => clearTimeout(timer),
  };
}
