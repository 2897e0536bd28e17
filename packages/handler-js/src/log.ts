import { thrownText } from './errors.js';
import { runner, type LogLevelNumber } from './runner-global.js';

// Log lines of the call, kept by the runner with the request id (capability `log`: without it, or
// over the runner's per-call cap, lines are dropped). Parts are joined by spaces, like console.*;
// an Error is written with its stack, other objects as JSON.

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return thrownText(part);
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part); // a cycle or a BigInt: still a line rather than a failed call
  }
}

function write(level: LogLevelNumber, parts: readonly unknown[]): void {
  runner().log(level, parts.map(describe).join(' '));
}

export const log = {
  debug: (...parts: unknown[]): void => write(0, parts),
  info: (...parts: unknown[]): void => write(1, parts),
  warn: (...parts: unknown[]): void => write(2, parts),
  error: (...parts: unknown[]): void => write(3, parts),
};
