// An ExtError as a person sees it: the stable code, the message and the request id to quote.
import type { ExtError } from '@extsys/ext-sdk';
import { Alert, Text } from '@extsys/ui-kit';

export interface ErrorMessageProps {
  error: ExtError;
  title?: string;
  /** On the `role="alert"` box; the code is on a `{testId}-code` child. */
  testId: string;
}

export function ErrorMessage({ error, title = 'The call failed', testId }: ErrorMessageProps) {
  return (
    <Alert tone="danger" title={title} data-testid={testId}>
      <Text as="span" mono data-testid={`${testId}-code`}>
        {error.code}
      </Text>{' '}
      <Text as="span">{error.message}</Text>
      {error.requestId && (
        <Text as="span" size="sm" tone="muted">
          {' '}
          (request {error.requestId})
        </Text>
      )}
    </Alert>
  );
}
