import type { HostBridgeError } from '../errors.js';

/** A promise settled once (the first hello, or the first failure); later settles are ignored. */
export interface Readiness<T> {
  readonly promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: HostBridgeError) => void;
}

export function createReadiness<T>(): Readiness<T> {
  let settled = false;
  let resolveIt!: (value: T) => void;
  let rejectIt!: (error: HostBridgeError) => void;
  const promise = new Promise<T>((resolve, reject) => {
    resolveIt = resolve;
    rejectIt = reject;
  });
  promise.catch(() => undefined); // reported through 'error' too; never an unhandled rejection
  return {
    promise,
    resolve(value) {
      if (!settled) resolveIt(value);
      settled = true;
    },
    reject(error) {
      if (!settled) rejectIt(error);
      settled = true;
    },
  };
}
