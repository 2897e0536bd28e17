import { ManifestUi } from '@extsys/protocol/manifest';
import { parseOrError } from '@extsys/protocol/errors';
import type { BootstrapOptions } from './bootstrap-options.js';
import { HostBridgeError } from './errors.js';
import { claimSameOrigin } from './origin-claims.js';
import { parseSandboxAttribute, sandboxFor } from './sandbox.js';

/** What `checkFrame` decided about the iframe, before anything on it is touched. */
export interface FramePlan {
  ui: ManifestUi;
  /** The origin the frame's messages come from when it may keep one (`allow-same-origin`). */
  runnerOrigin: string;
  sameOrigin: boolean;
  /** The sandbox to write, when the iframe had none. */
  writeSandbox: string | undefined;
}

/** An attached `<iframe>` and a `getToken` function, or a `bad_request`. */
export function checkIframe(options: BootstrapOptions): void {
  const { iframe } = options;
  if (!iframe || typeof iframe !== 'object' || iframe.tagName !== 'IFRAME') {
    throw new HostBridgeError('bad_request', 'bootstrapIframe: options.iframe must be an <iframe> element');
  }
  if (!iframe.contentWindow) {
    throw new HostBridgeError(
      'bad_request',
      'bootstrapIframe: attach the iframe to the document before bootstrapping it',
    );
  }
  if (typeof options.getToken !== 'function')
    throw new HostBridgeError('bad_request', 'bootstrapIframe: getToken must be a function');
}

function parseUi(ui: unknown): ManifestUi {
  const parsed = parseOrError(ManifestUi, ui ?? { type: 'iframe', entry: 'ui/index.html' }, {
    code: 'manifest_invalid',
    label: 'extension.ui',
  });
  if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
  return parsed.value;
}

/**
 * Checks what concerns the frame, before anything on it is touched: the manifest's `ui` section,
 * the runner origin against `src`, a sandbox (the element's, validated, or derived from the
 * policy) with `allow-scripts`, and `allow-same-origin` only where the policy allows it.
 */
export function planFrame(options: BootstrapOptions): FramePlan {
  const { iframe, extension } = options;
  const ui = parseUi(extension.ui);
  const hostOrigin = globalThis.location.origin;
  const srcAttr = iframe.getAttribute('src');
  const srcOrigin = srcAttr ? new URL(srcAttr, iframe.ownerDocument.baseURI).origin : undefined;
  if (options.runnerOrigin !== undefined && srcOrigin !== undefined && options.runnerOrigin !== srcOrigin) {
    throw new HostBridgeError(
      'bad_request',
      `bootstrapIframe: the iframe src is on ${srcOrigin} but runnerOrigin is ${options.runnerOrigin}`,
    );
  }
  const runnerOrigin = options.runnerOrigin ?? srcOrigin ?? hostOrigin;
  const existingSandbox = iframe.getAttribute('sandbox');
  const tokens: readonly string[] =
    existingSandbox === null
      ? sandboxFor(ui, options.sandboxPolicy, { name: extension.id, displayName: extension.title }).tokens
      : parseSandboxAttribute(existingSandbox);
  if (!tokens.includes('allow-scripts')) {
    throw new HostBridgeError(
      'bad_request',
      'bootstrapIframe: the iframe sandbox lacks allow-scripts; the SDK cannot run',
    );
  }
  const sameOrigin = tokens.includes('allow-same-origin');
  if (sameOrigin) {
    claimSameOrigin({
      policy: options.sandboxPolicy,
      frameOrigin: runnerOrigin,
      hostOrigin,
      extensionId: extension.id,
    });
  }
  return { ui, runnerOrigin, sameOrigin, writeSandbox: existingSandbox === null ? tokens.join(' ') : undefined };
}

/** Writes the sandbox (reloading a page already there), referrer policy, title and `allow`; returns the frame's window. */
export function applyFrameAttributes(iframe: HTMLIFrameElement, plan: FramePlan, title: string): Window {
  if (plan.writeSandbox !== undefined) {
    iframe.setAttribute('sandbox', plan.writeSandbox);
    // A sandbox only applies from the next navigation: reload a page that is already there (or
    // already on its way). Re-setting the same `src` does not do it in Chromium (bench/bridge: the
    // page ran unsandboxed whether it had loaded yet or not; a same-URL + fragment src is no new
    // navigation). Re-inserting the element gives it a fresh browsing context, created with the
    // sandbox now on the element.
    if (iframe.getAttribute('src') && iframe.isConnected && iframe.parentNode)
      iframe.parentNode.insertBefore(iframe, iframe.nextSibling);
  }
  // Read after the attributes are written: a navigation may give the element a new window.
  const frameWindow = iframe.contentWindow;
  if (!frameWindow) throw new HostBridgeError('bad_request', 'bootstrapIframe: the iframe has no window');
  if (!iframe.hasAttribute('referrerpolicy')) iframe.setAttribute('referrerpolicy', 'no-referrer');
  if (!iframe.hasAttribute('title')) iframe.setAttribute('title', title);
  if (!iframe.hasAttribute('allow')) iframe.setAttribute('allow', '');
  return frameWindow;
}
