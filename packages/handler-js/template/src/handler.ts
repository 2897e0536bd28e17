// An extsys handler (js@1): one implementation per contract endpoint, exported as `handle` (the
// runtime calls that name). manifest.json declares the same endpoints; `extsys-bundle pack .`
// checks that they agree.
import { HandlerError, kv, log, serve } from '@extsys/handler-js';
import { contract } from './contract.js';

export const handle = serve(contract, {
  hello: ({ params }) => ({ greeting: `Hello, ${params.name}!` }),

  async visit({ req }) {
    const entry = await kv.get('visits');
    const visits = (entry === null ? 0 : Number(entry.value)) + 1;
    // Written only if nobody wrote since the read (0: the key must not exist yet).
    const written = await kv.put('visits', String(visits), { ifRevision: entry?.revision ?? 0 });
    if (!written.ok) throw new HandlerError(409, 'version_conflict', 'try again');
    log.info(`visit ${visits} for tenant ${req.context.tenantId}`);
    return { visits };
  },
});
