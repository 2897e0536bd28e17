/**
 * Fills in the DOM APIs the kit's Radix primitives call and jsdom lacks (a layout observer,
 * pointer capture, scrolling), so components render in unit tests. Only missing APIs are added,
 * as no-ops: layout and focus-on-scroll are for real-browser tests. Call it once in a test setup
 * file; calling it again changes nothing.
 */
export function installJsdomShims(): void {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  if (typeof Element === 'undefined') return;
  const proto = Element.prototype as unknown as Record<string, unknown>;
  proto['scrollIntoView'] ??= function () {};
  proto['hasPointerCapture'] ??= () => false;
  proto['setPointerCapture'] ??= function () {};
  proto['releasePointerCapture'] ??= function () {};
}
