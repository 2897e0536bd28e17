// The hello API, declared once: the handler serves it (handler/handler.ts), the UI calls it
// (src/api.ts), and `extsys-bundle pack` checks manifest.json's api.endpoints against it. Each key
// is the manifest endpoint's `handler`.
import * as z from 'zod/mini';
import { defineContract } from '@extsys/protocol/contract';

/** How deep `POST /echo` accepts JSON: deeper bodies are refused as a 400 before anything reads them. */
export const MAX_ECHO_DEPTH = 64;

/** How many levels of arrays and objects `value` nests (a scalar is 0). Iterative: no stack to overflow. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > deepest) deepest = depth;
    if (depth > MAX_ECHO_DEPTH) break; // deep enough to refuse; no need to walk the rest
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}

const Count = z.object({ count: z.int() });

/** Any JSON value, as it came: the echo passes it back without knowing its shape. */
const AnyJson = z
  .unknown()
  .check(z.refine((value) => nestingDepth(value) <= MAX_ECHO_DEPTH, `must nest at most ${MAX_ECHO_DEPTH} levels`));

export const contract = defineContract({
  /** `{count}`: the tenant's counter, 0 before the first increment. */
  getCounter: { method: 'GET', path: '/counter', response: Count },
  /** `{count: n + 1}`; 409 `version_conflict` when other calls keep winning the race. */
  incrementCounter: { method: 'POST', path: '/counter/increment', response: Count },
  /** Any JSON body back, with the calling user (capability `user.read`) and the tenant. */
  echo: {
    method: 'POST',
    path: '/echo',
    body: AnyJson,
    response: z.object({
      received: z.unknown(),
      user: z.nullable(z.object({ id: z.string(), displayName: z.nullable(z.string()) })),
      tenantId: z.string(),
    }),
  },
  /** A quote from the allow-listed quote API (install config `quoteApiOrigin`), and where it came from. */
  quote: {
    method: 'GET',
    path: '/quote',
    response: z.object({ text: z.string(), author: z.string(), source: z.string() }),
  },
});
