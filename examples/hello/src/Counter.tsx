// GET /counter on mount, POST /counter/increment on click. The count lives in the handler's KV.
import { Button, Card, Inline, Skeleton, Text } from '@extsys/ui-kit';
import { useCallback } from 'react';
import { useHelloApi } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { useAction } from './use-action.js';
import { useRead } from './use-read.js';

export function Counter() {
  const api = useHelloApi();
  const current = useRead(useCallback((signal: AbortSignal) => api.call('getCounter', { signal }), [api]));
  const increment = useAction(useCallback(() => api.call('incrementCounter'), [api]));
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
