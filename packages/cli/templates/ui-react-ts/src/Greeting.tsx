// GET /greeting on mount: the handler greets the calling user by name.
import { Heading, Skeleton } from '@extsys/ui-kit';
import { useCallback } from 'react';
import { useContractApi } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { useRead } from './use-read.js';

export function Greeting() {
  const api = useContractApi();
  const greeting = useRead(useCallback((signal: AbortSignal) => api.call('getGreeting', { signal }), [api]));
  if (greeting.error) return <ErrorMessage testId="greeting-error" error={greeting.error} />;
  return (
    <Heading level={1} data-testid="greeting">
      {greeting.data?.message ?? <Skeleton shape="text" />}
    </Heading>
  );
}
