// The handler's API, declared once: the handler serves it, a UI imports it for
// `client(contract, ext)` (@extsys/ext-sdk/contract), and `extsys-bundle pack` checks the
// manifest's api.endpoints against it. Each key is the manifest endpoint's `handler`.
import * as z from 'zod/mini';
import { defineContract } from '@extsys/protocol/contract';

export const contract = defineContract({
  hello: { method: 'GET', path: '/hello/:name', response: z.object({ greeting: z.string() }) },
  visit: { method: 'POST', path: '/visits', response: z.object({ visits: z.int() }) },
});
