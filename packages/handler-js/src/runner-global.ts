// The `__runner` global the js@1 runtime installs before the module is evaluated
// (docs/abi/js-abi-v1.md). Everything the SDK does with the outside world goes through it.
import type { RunnerImport } from '@extsys/protocol/execute';

/** A host function `__runner.call` runs: every runner import but `log`, which has its own entry. */
export type HostFunction = Exclude<RunnerImport, 'log'>;

/** 0 debug, 1 info, 2 warn, 3 error (`LOG_LEVEL_NUMBERS`). */
export type LogLevelNumber = 0 | 1 | 2 | 3;

export interface RunnerGlobal {
  /** A host call, synchronous: JSON args in, a JSON `HostCallResult` out. */
  call(fn: HostFunction, argsJson: string): string;
  /** A log line (buffered by the runner: 1000 lines / 64 KiB per call). */
  log(level: LogLevelNumber, message: string): void;
  /** UTF-8 both ways (QuickJS has no TextEncoder). */
  utf8Encode(text: string): ArrayBuffer;
  utf8Decode(bytes: ArrayBuffer): string;
}

/** The runner's global, or a clear failure when the module runs anywhere else. */
export function runner(): RunnerGlobal {
  const installed = (globalThis as { __runner?: RunnerGlobal }).__runner;
  if (installed === undefined) {
    throw new Error(
      'the __runner global is missing: this module runs inside the extsys runner (runtime js@1); ' +
        'in tests, install a fake one with installFakeRunner() from @extsys/handler-js/testing',
    );
  }
  return installed;
}
