// An ExtError as a person sees it: the stable code, the message and the request id to quote.
import type { ExtError } from '@extsys/ext-sdk';
import type { ReactNode } from 'react';
import { Alert, Text } from '@extsys/ui-kit';

export interface ErrorMessageProps {
  error: ExtError;
  title?: string;
  testId: string;
  /** E.g. a Retry button. */
  children?: ReactNode;
}

/** A `role="alert"` box; `data-testid` is on the box, the code on a `{testId}-code` child. */
export function ErrorMessage({ error, title = 'The call failed', testId, children }: ErrorMessageProps) {
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
      {children && <div className="error-message__actions">{children}</div>}
    </Alert>
  );
}
