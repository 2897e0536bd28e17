// GET /counter on mount, POST /counter/increment on click. The count lives in the handler's KV,
// one per tenant.
import type { ExtError } from '@extsys/ext-sdk';
import { Button, Card, Inline, Skeleton, Text } from '@extsys/ui-kit';
import { useCallback, useState } from 'react';
import { useContractApi } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { asExtError, useRead } from './use-read.js';

export function Counter() {
  const api = useContractApi();
  const current = useRead(useCallback((signal: AbortSignal) => api.call('getCounter', { signal }), [api]));
  const [incremented, setIncremented] = useState<number>();
  const [incrementError, setIncrementError] = useState<ExtError>();
  const [busy, setBusy] = useState(false);

  const increment = async () => {
    setBusy(true);
    try {
      setIncremented((await api.call('incrementCounter')).count);
      setIncrementError(undefined);
    } catch (error) {
      setIncrementError(asExtError(error));
    } finally {
      setBusy(false);
    }
  };

  const count = incremented ?? current.data?.count;
  const error = incrementError ?? (incremented === undefined ? current.error : undefined);
  return (
    <Card title="Counter">
      <Inline gap={3}>
        <Text as="span" size="lg" weight="bold" aria-live="polite" data-testid="counter-value">
          {count ?? (current.error ? '–' : <Skeleton shape="text" />)}
        </Text>
        <Button onClick={() => void increment()} loading={busy} data-testid="counter-increment">
          Increment
        </Button>
      </Inline>
      <Text size="sm" tone="muted">
        One counter per tenant, kept by the handler in KV storage.
      </Text>
      {error && <ErrorMessage testId="counter-error" error={error} />}
    </Card>
  );
}
