import type { HostFeature } from '@extsys/protocol/bridge';
import type { ConfirmRequest, ConfirmResult, ToastRequest } from '@extsys/protocol/host-methods';
import { HostBridgeError } from './errors.js';

/** The host's UI, lent to extensions that were granted the matching feature. */
export interface HostServices {
  toast?(request: ToastRequest & { extensionId: string }): void | Promise<void>;
  /** Show a modal confirmation owned by the host; resolve with the user's answer. */
  confirm?(request: ConfirmRequest & { extensionId: string }): ConfirmResult | Promise<ConfirmResult>;
  /**
   * Open an allow-listed link. Default: `window.open(url, '_blank', 'noopener,noreferrer')`.
   * A replacement must also open it without an opener.
   */
  openLink?(url: URL): void | Promise<void>;
  /** The extension asked for a title (e.g. a tab or panel title). */
  setTitle?(title: string): void | Promise<void>;
}

/**
 * Links an extension may open: an exact origin (`https://docs.acme.com`), a subdomain wildcard
 * origin (`https://*.acme.com`), or a RegExp tested against the whole URL.
 */
export type LinkAllowlist = readonly (string | RegExp)[];

/** The features actually served: granted by the host, asked for by the manifest, and backed by a service. */
export function grantedFeatures(options: {
  hostFeatures: readonly HostFeature[];
  requested: readonly HostFeature[] | undefined;
  services: HostServices;
  hasNavigate: boolean;
  /**
   * The host can present modals (`openModal`): the DOM half has a presenter. Optional only so a
   * caller from before protocol 1.2 compiles; absent counts as false.
   */
  canPresentModals?: boolean;
  warn: (message: string) => void;
}): HostFeature[] {
  const requested = options.requested ? new Set(options.requested) : undefined;
  const out: HostFeature[] = [];
  for (const feature of new Set(options.hostFeatures)) {
    if (requested && !requested.has(feature)) continue;
    const backed =
      feature === 'navigate'
        ? options.hasNavigate
        : feature === 'openLink'
          ? true
          : feature === 'modal'
            ? options.canPresentModals === true
            : typeof options.services[feature] === 'function';
    if (!backed) {
      options.warn(`[extsys host-bridge] host feature "${feature}" is granted but no service handles it; not granted`);
      continue;
    }
    out.push(feature);
  }
  return out;
}

function originMatches(pattern: string, url: URL): boolean {
  const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(pattern);
  if (wildcard) {
    const [, scheme, domain] = wildcard;
    return url.protocol === `${scheme}:` && url.hostname.endsWith(`.${domain}`) && !url.port;
  }
  return url.origin === pattern;
}

/** The parsed URL when `raw` is an http(s) link the allowlist permits; otherwise a `link_not_allowed` error. */
export function checkLink(raw: string, allowlist: LinkAllowlist): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HostBridgeError('link_not_allowed', 'openLink: not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HostBridgeError('link_not_allowed', `openLink: only http(s) links may be opened, not ${url.protocol}`);
  }
  if (url.username || url.password)
    throw new HostBridgeError('link_not_allowed', 'openLink: links must not carry credentials');
  const ok = allowlist.some((entry) => (typeof entry === 'string' ? originMatches(entry, url) : entry.test(url.href)));
  if (!ok) {
    throw new HostBridgeError('link_not_allowed', `openLink: ${url.origin} is not on the host's link allowlist`);
  }
  return url;
}

export function openLinkDefault(url: URL): void {
  const opened = globalThis.open?.(url.href, '_blank', 'noopener,noreferrer');
  // With noopener, window.open returns null: nothing to clear. Defensive in case a shim returns a window.
  if (opened) opened.opener = null;
}

export function requireFeature(granted: readonly HostFeature[], feature: HostFeature): void {
  if (!granted.includes(feature)) {
    throw new HostBridgeError(
      'feature_not_granted',
      `host feature "${feature}" is not granted to this extension (granted: ${granted.join(', ') || 'none'})`,
    );
  }
}
