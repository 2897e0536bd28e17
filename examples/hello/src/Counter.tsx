// GET /counter on mount, POST /counter/increment on click. The count lives in the handler's KV.
import { useExt, useApi } from '@extsys/ext-sdk/react';
import { Button, Card, Inline, Skeleton, Text } from '@extsys/ui-kit';
import { useCallback } from 'react';
import { getCounter, incrementCounter, type CountAnswer } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { useAction } from './use-action.js';

export function Counter() {
  const ext = useExt();
  const current = useApi<CountAnswer>(getCounter);
  const increment = useAction(useCallback(() => incrementCounter(ext), [ext]));
  const count = increment.data?.count ?? current.data?.count;
  const error = increment.error ?? (increment.data ? undefined : current.error);
  return (
    <Card title="Counter">
      <Inline gap={3}>
        <Text as="span" size="lg" weight="bold" aria-live="polite" data-testid="counter-value">
          {count ?? (current.loading ? <Skeleton shape="text" /> : '–')}
        </Text>
        <Button onClick={() => void increment.run()} loading={increment.busy} data-testid="counter-increment">
          Increment
        </Button>
        {current.error && (
          <Button variant="secondary" onClick={current.reload}>
            Retry
          </Button>
        )}
      </Inline>
      <Text size="sm" tone="muted">
        One counter per tenant, kept by the handler in KV storage.
      </Text>
      {error && <ErrorMessage testId="counter-error" error={error} />}
    </Card>
  );
}
