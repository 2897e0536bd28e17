import {
  HostContext,
  compareVersions,
  type ContextChange,
  type EntryContext,
  type TokenGrant,
} from '@extsys/protocol/bridge';
import { PROTOCOL_ADDITIONS, SUPPORTED_RANGE } from '@extsys/protocol/host-methods';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';

/** What a mount without an entry point is: the manifest's implicit `main` page. */
export const DEFAULT_ENTRY: EntryContext = { target: 'page', id: 'main' };

/** The user's environment the host can change while the page lives (`setContext()`). */
export type ContextFields = Required<ContextChange>;

/** Everything in the context except what changes per hello (protocol, token, path, theme, the live fields). */
export type ContextTemplate = Omit<
  HostContext,
  'protocol' | 'auth' | 'initialPath' | 'theme' | 'locale' | 'direction' | 'timeZone' | 'entry' | 'visible'
>;

/** What a hello's context takes from the moment: the negotiated version, a token, the replayed state. */
export interface LiveContext {
  protocol: string;
  auth: TokenGrant;
  initialPath: string;
  theme: HostContext['theme'];
  fields: ContextFields;
  /** The mount's entry point with its target's context (a panel's current subject). */
  entry: EntryContext;
  visible: boolean;
}

/** The live fields the negotiated version has (an older SDK refuses a field it does not know). */
export function fieldsFor(protocol: string, fields: ContextChange): ContextChange {
  if (compareVersions(protocol, PROTOCOL_ADDITIONS.timeZone) >= 0) return fields;
  const { timeZone: _, ...older } = fields;
  return older;
}

/** Whether the negotiated version has the 1.2 surfaces (entry, visible, their pushes and methods). */
export const hasSurfaces = (protocol: string) => compareVersions(protocol, PROTOCOL_ADDITIONS.entry) >= 0;

/** The context a verified hello receives, validated with the protocol schema before it leaves. */
export function buildContext(template: ContextTemplate, live: LiveContext): HostContext {
  const { fields, entry, visible, ...rest } = live;
  // An SDK before 1.2 refuses `entry` and `visible` (strict context): it is the `main` page, visible.
  const surfaces = hasSurfaces(live.protocol) ? { entry, visible } : {};
  const parsed = parseOrError(
    HostContext,
    { ...template, ...rest, ...fieldsFor(live.protocol, fields), ...surfaces },
    { code: 'internal', label: 'context' },
  );
  if (!parsed.ok) {
    throw new HostBridgeError('internal', `the host's context for the extension is invalid: ${parsed.error.message}`);
  }
  return parsed.value;
}

/** Validates the host's fixed options once, at mount, so a misconfiguration throws early. */
export function checkTemplate(
  template: ContextTemplate,
  theme: HostContext['theme'],
  initialPath: string,
  entry: EntryContext = DEFAULT_ENTRY,
): void {
  buildContext(template, {
    entry,
    visible: true,
    protocol: SUPPORTED_RANGE.max,
    auth: { token: 'placeholder-token-value', ttlMs: 0 },
    initialPath,
    theme,
    fields: { locale: 'en', direction: 'ltr', timeZone: 'UTC' },
  });
}
