// The page: a greeting for the user, where we are, and the tenant's counter.
import { useExt, useTheme } from '@extsys/ext-sdk/react';
import { Badge, Inline, Stack, Text } from '@extsys/ui-kit';
import { Counter } from './Counter.js';
import { Greeting } from './Greeting.js';

export function App() {
  const ext = useExt();
  const theme = useTheme(); // re-renders when the host switches theme (the CSS follows on its own)
  return (
    <main className="app">
      <Stack gap={4}>
        <Stack gap={1}>
          <Greeting />
          <Inline gap={2}>
            <Text as="span" tone="muted" data-testid="tenant">
              {ext.context.tenant.displayName ?? ext.context.tenant.id}
            </Text>
            <Badge data-testid="theme-mode">{theme.mode}</Badge>
          </Inline>
        </Stack>
        <Counter />
      </Stack>
    </main>
  );
}
