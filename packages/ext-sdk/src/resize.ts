/**
 * Auto-resize: a ResizeObserver on the document element; the height (CSS px, rounded UP so the
 * last line is never clipped) is sent at most once per animation frame and only when it changed.
 * It measures the document element's box, not `scrollHeight` (which never shrinks below the
 * viewport and feeds zoid-style growth loops). The host clamps and guards against oscillation.
 */
export function startAutoResize(
  send: (height: number) => void,
  root: HTMLElement = document.documentElement,
): () => void {
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  let last = -1;
  let frame: number | undefined;
  const raf =
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame
      : (cb: () => void) => setTimeout(cb, 16) as unknown as number;
  const caf = typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : (id: number) => clearTimeout(id);
  const measure = () => {
    frame = undefined;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    send(height);
  };
  const observer = new ResizeObserver(() => {
    frame ??= raf(measure);
  });
  observer.observe(root);
  return () => {
    observer.disconnect();
    if (frame !== undefined) caf(frame);
  };
}
