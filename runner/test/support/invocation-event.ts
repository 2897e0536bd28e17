import type { InvocationEvent } from '@extsys/protocol';

/** An invocation event as the execute route would publish it (without its id), for ring and stream tests. */
export const invocationEvent = (
  requestId: string,
  logs: InvocationEvent['logs'] = [],
): Omit<InvocationEvent, 'id'> => ({
  time: new Date().toISOString(),
  tenantId: 'acme',
  extensionId: 'com.acme.hello',
  installId: 'inst_1',
  version: '1.0.0',
  contentHash: `sha256:${'0'.repeat(64)}`,
  requestId,
  method: 'GET',
  path: '/items',
  handler: 'items',
  route: '/items',
  status: 200,
  durationMs: 1,
  logs,
  logsTruncated: false,
});
