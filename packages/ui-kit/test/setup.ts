// jsdom lacks a few APIs Radix primitives call (layout observers, pointer capture, scrolling).
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

afterEach(cleanup);

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
const proto = Element.prototype as unknown as Record<string, unknown>;
proto['scrollIntoView'] ??= function () {};
proto['hasPointerCapture'] ??= () => false;
proto['setPointerCapture'] ??= function () {};
proto['releasePointerCapture'] ??= function () {};
