/** Origins the CSP of extension pages names; empty lists become `'none'`. */
export interface CspOrigins {
  frameAncestors: readonly string[];
  connectSrc: readonly string[];
  formAction: readonly string[];
}

const list = (origins: readonly string[]) => (origins.length === 0 ? "'none'" : origins.join(' '));

/**
 * The policy of every extension HTML page: a sandbox with the manifest's features; nothing by default; the bundle's own scripts, styles,
 * images and fonts; network only to the gateway; framing only by the configured hosts; no <base>,
 * no form posts unless configured. No 'unsafe-inline', no 'unsafe-eval'.
 */
export function extensionPageCsp(origins: CspOrigins, sandboxFeatures: readonly string[] = []): string {
  return [
    // The page is sandboxed even when opened outside the host's iframe (top-level, in a popup):
    // scripts run, but never with the runner's origin, which all extensions share.
    ['sandbox allow-scripts', ...sandboxFeatures.map((feature) => `allow-${feature}`)].join(' '),
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${list(origins.connectSrc)}`,
    `frame-ancestors ${list(origins.frameAncestors)}`,
    "base-uri 'none'",
    `form-action ${list(origins.formAction)}`,
  ].join('; ');
}

/** SVG opened as a document can run script: it gets a policy that allows none. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
