import { HostContext, compareVersions, type ContextChange, type TokenGrant } from '@extsys/protocol/bridge';
import { PROTOCOL_ADDITIONS, SUPPORTED_RANGE } from '@extsys/protocol/host-methods';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';

/** The user's environment the host can change while the page lives (`setContext()`). */
export type ContextFields = Required<ContextChange>;

/** Everything in the context except what changes per hello (protocol, token, path, theme, the live fields). */
export type ContextTemplate = Omit<
  HostContext,
  'protocol' | 'auth' | 'initialPath' | 'theme' | 'locale' | 'direction' | 'timeZone'
>;

/** What a hello's context takes from the moment: the negotiated version, a token, the replayed state. */
export interface LiveContext {
  protocol: string;
  auth: TokenGrant;
  initialPath: string;
  theme: HostContext['theme'];
  fields: ContextFields;
}

/** The live fields the negotiated version has (an older SDK refuses a field it does not know). */
export function fieldsFor(protocol: string, fields: ContextChange): ContextChange {
  if (compareVersions(protocol, PROTOCOL_ADDITIONS.timeZone) >= 0) return fields;
  const { timeZone: _, ...older } = fields;
  return older;
}

/** The context a verified hello receives, validated with the protocol schema before it leaves. */
export function buildContext(template: ContextTemplate, live: LiveContext): HostContext {
  const { fields, ...rest } = live;
  const parsed = parseOrError(
    HostContext,
    { ...template, ...rest, ...fieldsFor(live.protocol, fields) },
    { code: 'internal', label: 'context' },
  );
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
    fields: { locale: 'en', direction: 'ltr', timeZone: 'UTC' },
  });
}
