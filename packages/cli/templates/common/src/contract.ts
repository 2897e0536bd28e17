// The extension's API, declared once: the handler serves it, the UI calls it by name with
// `client(contract, ext)` (src/api.ts), typed end to end, and test/manifest.test.ts checks that
// manifest.json's api.endpoints declare exactly these routes (the gateway routes by the manifest).
// Each key is the manifest endpoint's `handler`.
import * as z from 'zod/mini';
import { defineContract } from '@extsys/protocol/contract';

const Count = z.object({ count: z.int() });

export const contract = defineContract({
  /** `{message}`: a greeting for the calling user (capability `user.read`). */
  getGreeting: { method: 'GET', path: '/greeting', response: z.object({ message: z.string() }) },
  /** `{count}`: the tenant's counter, 0 before the first increment. */
  getCounter: { method: 'GET', path: '/counter', response: Count },
  /** `{count: n + 1}`; 409 `version_conflict` when other calls keep winning the race. */
  incrementCounter: { method: 'POST', path: '/counter/increment', response: Count },
});
