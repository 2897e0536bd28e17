import { afterEach, describe, expect, it } from 'vitest';
import { resolveTheme } from '@extsys/protocol';
import {
  HostBridgeError,
  SANDBOX_TOKENS,
  bootstrapIframe,
  parseSandboxAttribute,
  sandboxFor,
  type HostSandboxPolicy,
} from '../src/index.js';
import { mount, type Mounted } from './harness.js';

const ui = (sandbox: string[] = []) => ({ type: 'iframe', entry: 'ui/index.html', sandbox });
const identity = { name: 'com.acme.hello', displayName: 'Hello' };

function refusal(fn: () => unknown): HostBridgeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HostBridgeError);
    return error as HostBridgeError;
  }
  throw new Error('expected a refusal');
}

describe('sandboxFor', () => {
  it('gives allow-scripts only by default, no referrer, no permissions, the display name as title', () => {
    expect(sandboxFor(ui(['forms', 'popups']), {}, identity)).toEqual({
      sandbox: 'allow-scripts',
      tokens: ['allow-scripts'],
      referrerPolicy: 'no-referrer',
      allow: '',
      title: 'Hello',
    });
    expect(sandboxFor(ui(), {}, { name: 'com.acme.hello' }).title).toBe('com.acme.hello');
  });

  it('grants a feature only when the manifest asks and the host allows', () => {
    const policy = { allow: ['forms', 'downloads', 'modals'] as const };
    expect(sandboxFor(ui(['forms', 'popups']), policy, identity).sandbox).toBe('allow-scripts allow-forms');
    expect(sandboxFor(ui(['downloads', 'modals']), policy, identity).sandbox).toBe(
      'allow-scripts allow-downloads allow-modals',
    );
    expect(sandboxFor(ui([]), policy, identity).sandbox).toBe('allow-scripts');
  });

  it('adds allow-popups-to-escape-sandbox only with popups and the host saying so', () => {
    expect(sandboxFor(ui(['popups']), { allow: ['popups'] }, identity).sandbox).toBe('allow-scripts allow-popups');
    expect(sandboxFor(ui(['popups']), { allow: ['popups'], popupsEscapeSandbox: true }, identity).sandbox).toBe(
      'allow-scripts allow-popups allow-popups-to-escape-sandbox',
    );
    expect(sandboxFor(ui([]), { allow: ['popups'], popupsEscapeSandbox: true }, identity).sandbox).toBe(
      'allow-scripts',
    );
  });

  it('never grants allow-same-origin without a per-extension origin different from the host', () => {
    const missing = refusal(() => sandboxFor(ui(), { sameOrigin: true }, identity));
    expect(missing.code).toBe('forbidden');
    expect(missing.message).toMatch(/no per-extension origin/);
    const same = refusal(() =>
      sandboxFor(ui(), { sameOrigin: true, extensionOrigin: 'https://host.example.com' }, identity),
    );
    expect(same.code).toBe('forbidden');
    expect(same.message).toMatch(/host's own origin/);
    expect(
      refusal(() => sandboxFor(ui(), { sameOrigin: true, extensionOrigin: 'https://*.x.com' }, identity)).code,
    ).toBe('forbidden');
    expect(
      refusal(() => sandboxFor(ui(), { sameOrigin: true, extensionOrigin: 'https://a.x.com/path' }, identity)).code,
    ).toBe('forbidden');
    expect(
      sandboxFor(ui(), { sameOrigin: true, extensionOrigin: 'https://com-acme-hello.ext.example.net' }, identity)
        .sandbox,
    ).toBe('allow-scripts allow-same-origin');
  });

  it('refuses an invalid manifest ui and an unknown policy feature', () => {
    expect(
      refusal(() => sandboxFor({ type: 'iframe', entry: 'x.html', sandbox: ['same-origin'] }, {}, identity)).code,
    ).toBe('manifest_invalid');
    expect(refusal(() => sandboxFor(ui(), { allow: ['top-navigation' as never] }, identity)).code).toBe('bad_request');
  });

  it('only ever writes validated tokens, space-separated', () => {
    const all = sandboxFor(
      ui(['forms', 'popups', 'downloads', 'modals']),
      {
        allow: ['forms', 'popups', 'downloads', 'modals'],
        popupsEscapeSandbox: true,
        sameOrigin: true,
        extensionOrigin: 'https://ext.example.net',
      },
      identity,
    );
    expect(all.sandbox).not.toContain(',');
    for (const token of all.sandbox.split(' ')) expect(SANDBOX_TOKENS).toContain(token);
  });
});

describe('parseSandboxAttribute', () => {
  it('accepts whitespace-separated known tokens', () => {
    expect(parseSandboxAttribute(' allow-scripts\tallow-forms ')).toEqual(['allow-scripts', 'allow-forms']);
  });
  it('refuses comma-separated lists and unknown tokens', () => {
    expect(refusal(() => parseSandboxAttribute('allow-scripts, allow-same-origin')).message).toMatch(
      /spaces, not commas/,
    );
    expect(refusal(() => parseSandboxAttribute('allow-scripts allow-top-navigation')).code).toBe('bad_request');
  });
});

describe('bootstrapIframe and the sandbox', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.handle.destroy();
    mounted?.iframe.remove();
    mounted = undefined;
  });

  it('refuses an iframe whose sandbox would share the host origin', () => {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    iframe.src = '/runner/ext-ui/com.acme.hello/x/index.html';
    document.body.append(iframe);
    expect(() => mountWith(iframe)).toThrow(/host's own origin/);
    iframe.remove();
  });

  describe('allow-same-origin is bound to one declared per-extension origin (invariant 1)', () => {
    const sameOriginFrame = (src: string) => {
      const iframe = document.createElement('iframe');
      iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
      iframe.src = src;
      document.body.append(iframe);
      return iframe;
    };
    const declared = (extensionOrigin: string): HostSandboxPolicy => ({ sameOrigin: true, extensionOrigin });
    const frames: HTMLIFrameElement[] = [];
    const handles: { destroy(): void }[] = [];
    afterEach(() => {
      for (const handle of handles.splice(0)) handle.destroy();
      for (const frame of frames.splice(0)) frame.remove();
    });
    const attempt = (src: string, extensionId: string, policy?: HostSandboxPolicy) => {
      const iframe = sameOriginFrame(src);
      frames.push(iframe);
      return refusalOrHandle(() => mountWith(iframe, extensionId, policy), handles);
    };

    it('refuses an attribute the host did not declare a per-extension origin for', () => {
      const refused = attempt('https://a.ext.example.net/ui/index.html', 'com.acme.a');
      expect(refused?.code).toBe('forbidden');
      expect(refused?.message).toMatch(/did not declare sandboxPolicy.sameOrigin/);
    });

    it("refuses a page that is not on the declared origin (the frame's real src decides)", () => {
      const refused = attempt(
        'https://b.ext.example.net/ui/index.html',
        'com.acme.b',
        declared('https://a.ext.example.net'),
      );
      expect(refused?.code).toBe('forbidden');
      expect(refused?.message).toMatch(/on https:\/\/b\.ext\.example\.net, not on the declared extensionOrigin/);
      expect(attempt('/ui/index.html', 'com.acme.b', declared('https://a.ext.example.net'))?.message).toMatch(
        /host's own origin/,
      );
    });

    it('never gives one origin to two extensions, even after the first frame is gone', () => {
      const origin = 'https://shared.ext.example.net';
      expect(attempt(`${origin}/ui/index.html`, 'com.acme.first', declared(origin))).toBeUndefined();
      // The same extension may mount again on its origin.
      expect(attempt(`${origin}/ui/index.html`, 'com.acme.first', declared(origin))).toBeUndefined();
      for (const handle of handles.splice(0)) handle.destroy();
      const refused = attempt(`${origin}/ui/index.html`, 'com.acme.second', declared(origin));
      expect(refused?.code).toBe('forbidden');
      expect(refused?.message).toMatch(/already given to com\.acme\.first in this page/);
      // Its own origin is fine.
      expect(
        attempt(
          'https://second.ext.example.net/ui/index.html',
          'com.acme.second',
          declared('https://second.ext.example.net'),
        ),
      ).toBeUndefined();
    });
  });

  it('refuses a comma-separated sandbox attribute and one without allow-scripts', () => {
    for (const value of ['allow-scripts, allow-forms', 'allow-forms']) {
      const iframe = document.createElement('iframe');
      iframe.setAttribute('sandbox', value);
      document.body.append(iframe);
      expect(() => mountWith(iframe)).toThrow(HostBridgeError);
      iframe.remove();
    }
  });

  it('writes the sandbox from the policy when absent', () => {
    mounted = mount({
      noSandboxAttribute: true,
      sandboxPolicy: { allow: ['forms'] },
      extension: {
        id: 'com.acme.hello',
        installId: 'i1',
        version: '1.0.0',
        contentHash: `sha256:${'ab'.repeat(32)}`,
        title: 'Hello',
        ui: ui(['forms', 'popups']),
      },
    });
    expect(mounted.iframe.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
  });

  it('re-inserts a frame that already has its src, in place, so a fresh browsing context gets the sandbox', () => {
    // In Chromium, re-setting the same src (a URL with a fragment) does not reload the page: it kept
    // running unsandboxed and its hello was refused as wrong-origin (found by bench/bridge). jsdom
    // reloads on any src write, so what is checked here is the re-insertion itself.
    const iframe = document.createElement('iframe');
    const src = `https://runner.example.com/ext-ui/com.acme.hello/sha256%3A${'ab'.repeat(32)}/ui/index.html#n=x`;
    iframe.src = src;
    const before = document.createElement('span');
    const after = document.createElement('span');
    document.body.append(before, iframe, after);
    const firstWindow = iframe.contentWindow;
    const observer = new MutationObserver(() => undefined);
    observer.observe(document.body, { childList: true });
    const handle = mountWith(iframe);
    try {
      const records = observer.takeRecords();
      expect(records.some((r) => [...r.removedNodes].includes(iframe))).toBe(true);
      expect(records.some((r) => [...r.addedNodes].includes(iframe))).toBe(true);
      expect(iframe.getAttribute('sandbox')).toBe('allow-scripts');
      expect(iframe.contentWindow).not.toBeNull();
      expect(iframe.contentWindow === firstWindow).toBe(false); // (a closed jsdom window cannot be printed)
      expect(iframe.previousSibling).toBe(before);
      expect(iframe.nextSibling).toBe(after);
      expect(iframe.getAttribute('src')).toBe(src);
    } finally {
      observer.disconnect();
      handle.destroy();
      before.remove();
      iframe.remove();
      after.remove();
    }
  });

  it('does not touch a frame that got its sandbox before its src', () => {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.src = `https://runner.example.com/ext-ui/com.acme.hello/sha256%3A${'ab'.repeat(32)}/ui/index.html#n=x`;
    document.body.append(iframe);
    const observer = new MutationObserver(() => undefined);
    observer.observe(document.body, { childList: true });
    const handle = mountWith(iframe);
    try {
      expect(observer.takeRecords()).toEqual([]);
    } finally {
      observer.disconnect();
      handle.destroy();
      iframe.remove();
    }
  });
});

/** Only the synchronous checks matter here: the throw happens before any listener is added. */
/** The refusal `mount` throws, or undefined when it mounted (the handle is kept for cleanup). */
function refusalOrHandle(
  mount: () => { destroy(): void },
  handles: { destroy(): void }[],
): HostBridgeError | undefined {
  try {
    handles.push(mount());
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(HostBridgeError);
    return error as HostBridgeError;
  }
}

function mountWith(iframe: HTMLIFrameElement, extensionId = 'com.acme.hello', sandboxPolicy?: HostSandboxPolicy) {
  return bootstrapIframe({
    iframe,
    nonce: 'n'.repeat(21),
    ...(sandboxPolicy && { sandboxPolicy }),
    extension: {
      id: extensionId,
      installId: 'i1',
      version: '1.0.0',
      contentHash: `sha256:${'ab'.repeat(32)}`,
      title: 'Hello',
    },
    theme: resolveTheme('light'),
    getToken: () => ({ token: 'x'.repeat(20), ttlMs: 60_000 }),
    gateway: { baseUrl: 'https://host.example.com', transport: 'direct' },
    tenant: { id: 't', displayName: 'T' },
    logger: { warn: () => undefined, error: () => undefined },
  });
}
