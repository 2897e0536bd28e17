import type * as z from 'zod/mini';
import type { ErrorEnvelope } from '@extsys/protocol/errors';
import type { HOST_CALL_ARGS, HOST_CALL_VALUES } from '@extsys/protocol/execute';
import { HostCallError } from './errors.js';
import { runner, type HostFunction } from './runner-global.js';

export type HostCallArgs<F extends HostFunction> = z.input<(typeof HOST_CALL_ARGS)[F]>;
export type HostCallValue<F extends HostFunction> = z.output<(typeof HOST_CALL_VALUES)[F]>;
export type HostCallOutcome<F extends HostFunction> =
  { ok: true; value: HostCallValue<F> } | { ok: false; error: ErrorEnvelope };

/**
 * One host call as data: the runner's `HostCallResult` parsed. The runner is trusted to answer its
 * own ABI's shapes, so they are typed, not validated again (a call stays one JSON parse).
 */
export function callHost<F extends HostFunction>(fn: F, args: HostCallArgs<F>): HostCallOutcome<F> {
  return JSON.parse(runner().call(fn, JSON.stringify(args))) as HostCallOutcome<F>;
}

/** The call's value, or a thrown `HostCallError` carrying the runner's refusal. */
export function hostValue<F extends HostFunction>(fn: F, args: HostCallArgs<F>): HostCallValue<F> {
  const outcome = callHost(fn, args);
  if (!outcome.ok) throw new HostCallError(fn, outcome.error);
  return outcome.value;
}
