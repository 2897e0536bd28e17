import type { Meta, StoryObj } from '@storybook/react-vite';
import { ExtensionFrame } from '@extsys/react-host';
import { THEME_MODES, resolveTheme, type ThemeMode } from '@extsys/protocol/theme';
import demo from '../ext-demo/demo.json';

/** Where Storybook serves the demo bundle (public/demo-runner), relative to its preview page. */
const runnerBase = () => new URL(`./${demo.runnerPath}`, window.location.href).pathname;

const meta = {
  title: 'Host/ExtensionFrame',
  component: ExtensionFrame,
  parameters: {
    docs: {
      description: {
        component:
          'The demo extension (storybook/ext-demo: the real ext SDK + the UI kit) is served by Storybook and ' +
          'mounted through the real bridge. Switch the Theme toolbar: the theme is pushed without a remount.',
      },
    },
  },
  args: {
    extensionId: demo.id,
    contentHash: demo.contentHash,
    installId: 'install-demo',
    version: '1.0.0',
    title: 'Demo tickets',
    ui: { type: 'iframe', entry: 'ui/index.html', initialHeight: 260 },
    runnerBase: '/demo-runner',
    theme: resolveTheme('light'),
    getToken: () => ({ token: 'demo.storybook.token', ttlMs: 5 * 60_000 }),
    gateway: { baseUrl: 'https://gateway.invalid', transport: 'direct' },
    tenant: { id: 'tenant-demo', displayName: 'Acme Corp' },
  },
  render: (args, context) => {
    const mode = (THEME_MODES as readonly string[]).includes(context.globals['theme'] as string)
      ? (context.globals['theme'] as ThemeMode)
      : 'light';
    return <ExtensionFrame {...args} runnerBase={runnerBase()} theme={resolveTheme(mode)} />;
  },
} satisfies Meta<typeof ExtensionFrame>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Connects to the demo extension over the real handshake. */
export const Connected: Story = {};

/** No page at this content hash: the handshake times out and the frame offers Retry. */
export const HandshakeFails: Story = {
  args: {
    contentHash: 'sha256:' + 'f'.repeat(64),
    limits: { handshakeTimeoutMs: 800 },
    title: 'Missing extension',
  },
};
