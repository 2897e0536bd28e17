import { ManifestUi, manifestTitle, type SandboxFeature } from '@extsys/protocol/manifest';
import { originProblem } from '@extsys/protocol';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from './errors.js';

/** What the host allows extension iframes beyond `allow-scripts`. Everything is off by default. */
export interface HostSandboxPolicy {
  /** Sandbox features the host lets a manifest turn on (`forms`, `popups`, `downloads`, `modals`). */
  allow?: readonly SandboxFeature[];
  /** With `popups`: popups opened by the extension leave the sandbox (`allow-popups-to-escape-sandbox`). */
  popupsEscapeSandbox?: boolean;
  /**
   * Grant `allow-same-origin`. Only accepted with `extensionOrigin`: the origin this extension's
   * pages are served from, which must differ from the host's own origin and must not be shared
   * with any other extension (one origin per extension).
   */
  sameOrigin?: boolean;
  extensionOrigin?: string;
  /** The host page's origin; default `window.location.origin`. */
  hostOrigin?: string;
}

export interface IframeAttributes {
  /** The `sandbox` attribute: space-separated, validated tokens only. */
  sandbox: string;
  tokens: readonly SandboxToken[];
  referrerPolicy: 'no-referrer';
  /** The `allow` attribute (permissions policy): nothing is delegated by default. */
  allow: string;
  /** The iframe's accessible name, from the manifest's display name. */
  title: string;
}

/** The only tokens the bridge ever writes into, or accepts in, a `sandbox` attribute. */
export const SANDBOX_TOKENS = [
  'allow-scripts',
  'allow-forms',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-downloads',
  'allow-modals',
  'allow-same-origin',
] as const;
export type SandboxToken = (typeof SANDBOX_TOKENS)[number];

const FEATURE_TOKEN: Record<SandboxFeature, SandboxToken> = {
  forms: 'allow-forms',
  popups: 'allow-popups',
  downloads: 'allow-downloads',
  modals: 'allow-modals',
};

/**
 * Parses an existing `sandbox` attribute: every token must be one of `SANDBOX_TOKENS`, separated
 * by whitespace (a comma-separated list is refused: browsers read `allow-scripts,` as unknown).
 */
export function parseSandboxAttribute(value: string): SandboxToken[] {
  const tokens = value.split(/[\t\n\f\r ]+/).filter(Boolean);
  for (const token of tokens) {
    if (!(SANDBOX_TOKENS as readonly string[]).includes(token)) {
      throw new HostBridgeError(
        'bad_request',
        `iframe sandbox token "${token}" is not allowed` +
          (token.includes(',') ? ' (tokens are separated by spaces, not commas)' : '') +
          `; allowed: ${SANDBOX_TOKENS.join(' ')}`,
      );
    }
  }
  return tokens as SandboxToken[];
}

/** Whether a document at `extensionOrigin` could share an origin with the host. */
export function sameOriginProblem(policy: HostSandboxPolicy): string | undefined {
  const hostOrigin = policy.hostOrigin ?? globalThis.location?.origin;
  const ext = policy.extensionOrigin;
  if (ext === undefined) return 'the host declared no per-extension origin (policy.extensionOrigin)';
  const problem = originProblem(ext);
  if (problem) return `policy.extensionOrigin "${ext}" ${problem}`;
  if (typeof hostOrigin !== 'string' || originProblem(hostOrigin)) return 'the host origin is unknown';
  if (ext === hostOrigin) return `the extension origin ${ext} is the host's own origin`;
  return undefined;
}

/**
 * The iframe attributes for an extension: `allow-scripts` always; a manifest feature only when the
 * host policy also allows it; `allow-same-origin` only on a per-extension origin that differs from
 * the host's (otherwise a `HostBridgeError('forbidden')`). `identity` gives the accessible title.
 */
export function sandboxFor(
  manifestUi: unknown,
  hostPolicy: HostSandboxPolicy = {},
  identity?: { name: string; displayName?: string | undefined },
): IframeAttributes {
  const parsed = parseOrError(ManifestUi, manifestUi, { code: 'manifest_invalid', label: 'ui' });
  if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
  const ui = parsed.value;
  const allowed = new Set(hostPolicy.allow ?? []);
  for (const feature of allowed) {
    if (!(feature in FEATURE_TOKEN)) {
      throw new HostBridgeError('bad_request', `host policy allows an unknown sandbox feature "${String(feature)}"`);
    }
  }
  const tokens: SandboxToken[] = ['allow-scripts'];
  for (const feature of ui.sandbox) {
    if (!allowed.has(feature)) continue;
    tokens.push(FEATURE_TOKEN[feature]);
    if (feature === 'popups' && hostPolicy.popupsEscapeSandbox === true) tokens.push('allow-popups-to-escape-sandbox');
  }
  if (hostPolicy.sameOrigin === true) {
    const problem = sameOriginProblem(hostPolicy);
    if (problem) {
      throw new HostBridgeError(
        'forbidden',
        `allow-same-origin refused: ${problem}. Serve each extension from its own origin, or drop sameOrigin ` +
          '(the default opaque origin works with the bridge).',
      );
    }
    tokens.push('allow-same-origin');
  }
  return {
    sandbox: tokens.join(' '),
    tokens,
    referrerPolicy: 'no-referrer',
    allow: '',
    title: identity ? manifestTitle(identity) : 'Extension',
  };
}
