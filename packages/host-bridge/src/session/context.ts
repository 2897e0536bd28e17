import { HostContext, type TokenGrant } from '@extsys/protocol/bridge';
import { SUPPORTED_RANGE } from '@extsys/protocol/host-methods';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';

/** Everything in the context except what changes per hello (protocol, token, path, theme). */
export type ContextTemplate = Omit<HostContext, 'protocol' | 'auth' | 'initialPath' | 'theme'>;

/** What a hello's context takes from the moment: the negotiated version, a token, the replayed state. */
export interface LiveContext {
  protocol: string;
  auth: TokenGrant;
  initialPath: string;
  theme: HostContext['theme'];
}

/** The context a verified hello receives, validated with the protocol schema before it leaves. */
export function buildContext(template: ContextTemplate, live: LiveContext): HostContext {
  const parsed = parseOrError(HostContext, { ...template, ...live }, { code: 'internal', label: 'context' });
  if (!parsed.ok) {
    throw new HostBridgeError('internal', `the host's context for the extension is invalid: ${parsed.error.message}`);
  }
  return parsed.value;
}

/** Validates the host's fixed options once, at mount, so a misconfiguration throws early. */
export function checkTemplate(template: ContextTemplate, theme: HostContext['theme'], initialPath: string): void {
  buildContext(template, {
    protocol: SUPPORTED_RANGE.max,
    auth: { token: 'placeholder-token-value', ttlMs: 0 },
    initialPath,
    theme,
  });
}
