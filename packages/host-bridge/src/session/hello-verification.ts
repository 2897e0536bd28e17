import { Hello, SUPPORTED_RANGE, negotiateVersion, type ProtocolRange } from '@extsys/protocol/host-methods';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import { sameSecret } from '../validate.js';

export type HelloCheck =
  | { ok: true; hello: Hello; version: string }
  | { ok: false; error: HostBridgeError; kind: 'wrong-nonce' | 'invalid' | 'incompatible' };

/**
 * The first half of a hello: the nonce (before anything else is looked at, compared in constant
 * time), then the schema, then the version. Nothing secret is involved until this returns `ok`.
 */
export function checkHello(argument: unknown, nonce: string, hostRange: ProtocolRange = SUPPORTED_RANGE): HelloCheck {
  const presented =
    typeof argument === 'object' && argument !== null ? (argument as Record<string, unknown>)['nonce'] : undefined;
  if (typeof presented !== 'string' || !sameSecret(presented, nonce)) {
    return {
      ok: false,
      kind: 'wrong-nonce',
      error: new HostBridgeError('handshake_failed', "hello refused: it did not present this mount's nonce"),
    };
  }
  const parsed = parseOrError(Hello, argument, { code: 'message_rejected', label: 'hello' });
  if (!parsed.ok) return { ok: false, kind: 'invalid', error: HostBridgeError.fromEnvelope(parsed.error) };
  const negotiation = negotiateVersion(hostRange, parsed.value.protocol);
  if (!negotiation.ok) {
    return { ok: false, kind: 'incompatible', error: new HostBridgeError('protocol_incompatible', negotiation.reason) };
  }
  return { ok: true, hello: parsed.value, version: negotiation.version };
}
