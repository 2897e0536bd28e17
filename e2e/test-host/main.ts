// The e2e test host page (see index.html). Query: ?ext=<id>,<id> (default: every published
// extension), &wrongNonce=<id> (that mount's iframe URL carries a nonce the bridge does not expect),
// &theme=light|dark|high-contrast.
import {
  bootstrapIframe,
  buildExtUiSrc,
  createMountNonce,
  sandboxFor,
  type BridgeHandle,
  type MessageRejectedEvent,
  type RejectionStats,
} from '@extsys/host-bridge';
import { resolveTheme, type ThemeMode } from '@extsys/protocol/theme';
import type { TestHostConfig } from '../src/test-host-config.js';

interface Mounted {
  id: string;
  state: string;
  bridge: BridgeHandle;
  rejected: MessageRejectedEvent[];
}

const params = new URLSearchParams(location.search);
const mode = (params.get('theme') ?? 'light') as ThemeMode;
const config = (await (await fetch('/e2e/config.json')).json()) as TestHostConfig;
const wanted = params.get('ext')?.split(',') ?? config.extensions.map((e) => e.extensionId);
const wrongNonce = params.get('wrongNonce');

const mounted: Mounted[] = [];
const toasts: unknown[] = [];
const statesList = document.querySelector('[data-testid="states"]')!;
const totalOutput = document.querySelector('[data-testid="rejected-total"]')!;

function totals(): RejectionStats {
  const sum: RejectionStats = { total: 0, byReason: {} as RejectionStats['byReason'] };
  for (const m of mounted) {
    sum.total += m.bridge.stats.total;
    for (const [reason, n] of Object.entries(m.bridge.stats.byReason)) {
      const key = reason as keyof RejectionStats['byReason'];
      sum.byReason[key] = (sum.byReason[key] ?? 0) + n;
    }
  }
  return sum;
}

for (const [index, id] of wanted.entries()) {
  const ext = config.extensions.find((e) => e.extensionId === id);
  if (!ext) throw new Error(`test host: ${id} is not published`);
  const { src, nonce } = buildExtUiSrc(ext.extensionId, ext.contentHash, {
    runnerBase: config.runnerUrl,
    entry: ext.ui.entry.slice(ext.ui.entry.indexOf('/') + 1),
    mode,
  });
  const attrs = sandboxFor(ext.ui, { allow: [] }, { name: ext.extensionId, displayName: ext.title });
  const iframe = document.createElement('iframe');
  iframe.title = attrs.title;
  iframe.referrerPolicy = attrs.referrerPolicy;
  iframe.setAttribute('sandbox', attrs.sandbox);
  iframe.dataset['testid'] = `frame-${id}`;
  iframe.name = `ext-${index}`;
  iframe.style.width = '100%';
  iframe.style.border = '1px solid #999';
  iframe.src = src;
  document.getElementById('frames')!.append(iframe);

  const state = document.createElement('li');
  state.dataset['testid'] = `state-${id}`;
  statesList.append(state);

  const bridge = bootstrapIframe({
    iframe,
    nonce: id === wrongNonce ? createMountNonce() : nonce,
    extension: {
      id: ext.extensionId,
      installId: ext.installId,
      version: ext.version,
      contentHash: ext.contentHash,
      title: ext.title,
      ui: ext.ui,
    },
    theme: resolveTheme(mode),
    getToken: async () => {
      const response = await fetch('/e2e/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensionId: id }),
      });
      if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
      return (await response.json()) as { token: string; ttlMs: number };
    },
    gateway: { baseUrl: config.gatewayUrl, transport: 'direct' },
    tenant: { id: config.tenant.id, displayName: config.tenant.displayName },
    hostFeatures: ['toast'],
    services: { toast: (t) => void toasts.push(t) },
    logger: { warn: () => undefined, error: () => undefined },
  });
  const entry: Mounted = { id, state: bridge.state, bridge, rejected: [] };
  mounted.push(entry);
  const show = () => {
    state.textContent = `${id}: ${entry.state}`;
    state.dataset['state'] = entry.state;
    totalOutput.textContent = String(totals().total);
  };
  show();
  bridge.on('state', ({ state: next }) => {
    entry.state = next;
    show();
  });
  bridge.on('message-rejected', (event) => {
    entry.rejected.push(event);
    show();
  });
  bridge.ready.then(show, show);
}

// What the tests read (page.evaluate): states, rejected-message counts per mount and in total.
Object.assign(window, {
  e2eHost: {
    states: () => Object.fromEntries(mounted.map((m) => [m.id, m.bridge.state])),
    rejected: () => Object.fromEntries(mounted.map((m) => [m.id, { stats: m.bridge.stats, events: m.rejected }])),
    totals,
    toasts,
  },
});
document.documentElement.dataset['ready'] = 'true';
