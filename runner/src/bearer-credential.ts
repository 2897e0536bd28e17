import { createHash, timingSafeEqual } from 'node:crypto';
import { SERVICE_AUTH_SCHEME } from '@extsys/protocol';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether an `Authorization` header carries `Bearer <secret>` — the gateway's service credential
 * (`RUNNER_SERVICE_TOKEN`) or the metrics scraper's (`RUNNER_METRICS_TOKEN`) — compared in constant
 * time over digests so neither the secret nor its length leaks. Without a secret nothing presents it.
 */
export function bearerCredentialCheck(secret: string | undefined): (authorization: string | undefined) => boolean {
  if (secret === undefined) return () => false;
  const expected = digest(secret);
  const prefix = `${SERVICE_AUTH_SCHEME} `;
  return (authorization) => {
    const presented = authorization?.startsWith(prefix) ? authorization.slice(prefix.length) : '';
    return presented !== '' && timingSafeEqual(digest(presented), expected);
  };
}
