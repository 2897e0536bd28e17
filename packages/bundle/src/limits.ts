import { BundleError } from './errors.js';

/** Size caps applied when packing, reading and extracting a bundle. */
export interface BundleLimits {
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Largest archive, in bytes (file contents plus 512-byte headers and padding). */
  maxBundleBytes: number;
  /** Most files in one bundle. */
  maxFiles: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<BundleLimits> = Object.freeze({
  maxFileBytes: 16 * MiB,
  maxBundleBytes: 64 * MiB,
  maxFiles: 2000,
});

/** The defaults with `overrides` applied; each override must be a positive integer. */
export function resolveLimits(overrides: Partial<BundleLimits> = {}): BundleLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new BundleError('bad_request', `limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}

/** "1.5 MiB", "512 B": for messages and `inspect`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
