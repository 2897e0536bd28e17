// @vitest-environment node
// Server rendering: no window, no document. The placeholder reserves the manifest's height.
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { resolveTheme } from '@extsys/protocol/theme';
import { ExtensionFrame } from '../src/index.js';

it('renders the placeholder on the server without touching window', () => {
  expect(typeof window).toBe('undefined');
  const html = renderToString(
    <ExtensionFrame
      extensionId="acme.tickets"
      contentHash={'sha256:' + 'd'.repeat(64)}
      installId="inst-1"
      version="1.0.0"
      title="Acme Tickets"
      ui={{ type: 'iframe', entry: 'ui/index.html', initialHeight: 555 }}
      runnerBase="https://runner.example.com"
      theme={resolveTheme('light')}
      getToken={() => ({ token: 't', ttlMs: 60_000 })}
      gateway={{ baseUrl: 'https://host.example.com', transport: 'direct' }}
      tenant={{ id: 'tenant-1', displayName: 'Tenant' }}
    />,
  );
  expect(html).not.toContain('<iframe');
  expect(html).toContain('height:555px');
  expect(html).toContain('role="status"');
  expect(html).toContain('Loading <!-- -->Acme Tickets');
  expect(html).toContain('data-status="idle"');
});
