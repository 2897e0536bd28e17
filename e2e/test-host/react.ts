// <ExtensionFrame> (@extsys/react-host), optionally under StrictMode. Reports its status on
// [data-testid="status"].
import { ExtensionFrame, type FrameStatus } from '@extsys/react-host';
import { resolveTheme } from '@extsys/protocol/theme';
import { StrictMode, createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { TestHostConfig } from '../src/test-host-config.js';

const params = new URLSearchParams(location.search);
const config = (await (await fetch('/e2e/config.json')).json()) as TestHostConfig;
const ext = config.extensions.find((e) => e.extensionId === params.get('ext')) ?? config.extensions[0]!;
const theme = resolveTheme('light');

function Host() {
  const [status, setStatus] = useState<FrameStatus>('idle');
  return createElement(
    'div',
    null,
    createElement('output', { 'data-testid': 'status' }, status),
    createElement(ExtensionFrame, {
      extensionId: ext.extensionId,
      contentHash: ext.contentHash,
      installId: ext.installId,
      version: ext.version,
      title: ext.title,
      ui: ext.ui,
      entry: ext.ui.entry.slice(ext.ui.entry.indexOf('/') + 1),
      runnerBase: config.runnerUrl,
      theme,
      getToken: async () => {
        const response = await fetch('/e2e/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ extensionId: ext.extensionId }),
        });
        return (await response.json()) as { token: string; ttlMs: number };
      },
      gateway: { baseUrl: config.gatewayUrl, transport: 'direct' },
      tenant: config.tenant,
      onStateChange: (next) => setStatus(next),
    }),
  );
}

const app = createElement(Host);
createRoot(document.getElementById('root')!).render(
  params.get('strict') === '1' ? createElement(StrictMode, null, app) : app,
);
