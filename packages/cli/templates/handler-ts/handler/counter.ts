// A counter per tenant: KV is namespaced by tenant + extension by the runner, so one key is enough.
import { HandlerError, kv, log } from '@extsys/handler-js';
import type { Endpoints } from './endpoints.js';

const KEY = 'counter';
const MAX_ATTEMPTS = 5;

/** `GET /counter` → `{count}` (0 before the first increment). */
export const getCounter: Endpoints['getCounter'] = async () => {
  const entry = await kv.get(KEY);
  return { count: entry === null ? 0 : Number(entry.value) };
};

/**
 * `POST /counter/increment` → `{count: n + 1}`. Optimistic concurrency: write with the revision
 * that was read (0 = the key must not exist yet) and retry when another call won the race, so two
 * concurrent increments never count once.
 */
export const incrementCounter: Endpoints['incrementCounter'] = async ({ req }) => {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const entry = await kv.get(KEY);
    const next = (entry === null ? 0 : Number(entry.value)) + 1;
    const written = await kv.put(KEY, String(next), { ifRevision: entry?.revision ?? 0 });
    if (written.ok) {
      log.info(`counter of tenant ${req.context.tenantId} is now ${next}`);
      return { count: next };
    }
  }
  throw new HandlerError(409, 'version_conflict', 'the counter kept changing; try again');
};
