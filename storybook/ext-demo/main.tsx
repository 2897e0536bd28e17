// A small extension page: the real ext SDK + the UI kit, built by scripts/build-ext-demo.mjs into
// public/demo-runner/ext-ui/<id>/<hash>/ui/ so that Storybook serves it like the runner would.
import '@extsys/ui-kit/styles.css';
import { createRoot } from 'react-dom/client';
import { connect } from '@extsys/ext-sdk';
import { ExtProvider, useExt, useTheme } from '@extsys/ext-sdk/react';
import { Alert, Badge, Button, Card, Inline, Stack, Text } from '@extsys/ui-kit';

const ext = connect();

function App() {
  const theme = useTheme();
  const { context } = useExt();
  return (
    <main style={{ padding: 'var(--ext-space-4)' }}>
      <Card title="Demo tickets" actions={<Badge tone="info">{theme.mode}</Badge>}>
        <Stack>
          <Text>
            Rendered inside a sandboxed iframe for tenant <strong>{context.tenant.displayName}</strong>, connected
            through the real bridge.
          </Text>
          <Alert tone="success" title="Connected" data-testid="ext-connected" />
          <Inline>
            <Button>Primary</Button>
            <Button variant="secondary">Secondary</Button>
          </Inline>
        </Stack>
      </Card>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <ExtProvider ext={ext} fallback={null}>
    <App />
  </ExtProvider>,
);
