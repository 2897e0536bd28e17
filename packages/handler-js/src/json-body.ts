import type * as z from 'zod/mini';
import { checkValue } from '@extsys/protocol/contract';
import { HandlerError } from './errors.js';

/** A 400 `validation_failed` naming what is wrong; `details.issues` lists every problem. */
export function invalid(message: string, issues: readonly string[] = [message]): HandlerError {
  return new HandlerError(400, 'validation_failed', message, { details: { issues: [...issues] } });
}

/** `text` parsed as JSON, or a 400 saying it is not JSON. */
export function parseJsonText(text: string, label: string): unknown {
  if (text.trim() === '') throw invalid(`${label}: is required (the request has no body)`);
  try {
    return JSON.parse(text);
  } catch {
    // Also what a body nested deeper than the engine's stack gives: a 400, not a trap.
    throw invalid(`${label}: is not valid JSON`);
  }
}

/** `value` parsed with `schema`, or a 400 naming the first bad field (`body.message: must be a string, got 42`). */
export function validated<S extends z.core.$ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const checked = checkValue(schema, value, label);
  if (!checked.ok) throw invalid(checked.message, checked.issues);
  return checked.value;
}
