import { matchesExtensionPattern, type InvocationEvent, type LogEventQuery } from '@extsys/protocol';
import type { AdminCredential } from '../admin-credential.js';
import { GatewayError } from '../errors.js';

/** A reader's view of the events: what it may see, narrowed by what it asked for. */
export interface LogView {
  /** Whether one event is for this reader and matches its filters. */
  matches(event: InvocationEvent): boolean;
  /** Who holds the stream, for the per-credential bound (never the secret itself). */
  holder: string;
}

/**
 * Who sees which invocation events: the platform admin every event; a tenant administrator only
 * its tenant's (asking for another tenant is refused, not silently emptied: the mistake shows);
 * a publisher only its extensions', in every tenant (asking for another extension is refused).
 * The query's filters then narrow that.
 */
export function logView(
  credential: AdminCredential,
  query: Omit<LogEventQuery, 'since' | 'limit'> & { since?: string },
): LogView {
  let allowed: (event: InvocationEvent) => boolean;
  let holder: string;
  switch (credential.kind) {
    case 'platform':
      allowed = () => true;
      holder = 'platform';
      break;
    case 'tenant': {
      const { tenantId } = credential;
      if (query.tenant !== undefined && query.tenant !== tenantId) {
        throw new GatewayError(
          'tenant_mismatch',
          `a ${tenantId} administrator reads the logs of ${tenantId} only, not of ${query.tenant}`,
        );
      }
      allowed = (event) => event.tenantId === tenantId;
      holder = `session:${credential.user.id}`;
      break;
    }
    case 'publisher': {
      const { extensions, name, id } = credential.publisher;
      if (query.extension !== undefined && !matchesExtensionPattern(extensions, query.extension)) {
        throw new GatewayError(
          'forbidden',
          `publisher credential "${name}" covers ${extensions.join(', ')}, not ${query.extension}: its logs are not yours to read`,
        );
      }
      allowed = (event) => matchesExtensionPattern(extensions, event.extensionId);
      holder = `publisher:${id}`;
      break;
    }
  }
  const since = query.since === undefined ? undefined : Date.parse(query.since);
  return {
    holder,
    matches: (event) =>
      allowed(event) &&
      (query.extension === undefined || event.extensionId === query.extension) &&
      (query.tenant === undefined || event.tenantId === query.tenant) &&
      (query.requestId === undefined || event.requestId === query.requestId) &&
      (since === undefined || Date.parse(event.time) >= since),
  };
}
