// The page: who and where we are, then one card per thing the handler can do.
import { useExt, useTheme } from '@extsys/ext-sdk/react';
import { Badge, Heading, Inline, Stack, Text } from '@extsys/ui-kit';
import { Counter } from './Counter.js';
import { Details } from './Details.js';
import { EchoForm } from './EchoForm.js';
import { QuoteCard } from './QuoteCard.js';

export function App() {
  const ext = useExt();
  const theme = useTheme(); // re-renders when the host switches theme (the CSS follows on its own)
  return (
    <main className="hello">
      <Stack gap={4}>
        <Stack gap={1}>
          <Heading level={1}>Hello, {ext.context.tenant.displayName ?? ext.context.tenant.id}</Heading>
          <Inline gap={2}>
            <Text as="span" tone="muted">
              A sample extsys extension
            </Text>
            <Badge data-testid="theme-mode">{theme.mode}</Badge>
          </Inline>
        </Stack>
        <Counter />
        <EchoForm />
        <QuoteCard />
        <Details />
      </Stack>
    </main>
  );
}
