// GET /quote: the handler calls an allow-listed HTTP API (manifest `http.allow`) and answers its quote.
import { Button, Card, Stack, Text } from '@extsys/ui-kit';
import { useCallback } from 'react';
import { useHelloApi } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { useAction } from './use-action.js';

export function QuoteCard() {
  const api = useHelloApi();
  const quote = useAction(useCallback(() => api.call('quote'), [api]));
  return (
    <Card title="Quote of the day">
      <Stack gap={2}>
        {quote.data && (
          <figure className="hello__quote" data-testid="quote-result">
            <blockquote>{quote.data.text}</blockquote>
            <figcaption>
              <Text as="span" tone="muted">
                — {quote.data.author || 'unknown'}, via {quote.data.source}
              </Text>
            </figcaption>
          </figure>
        )}
        <div>
          <Button variant="secondary" onClick={() => void quote.run()} loading={quote.busy} data-testid="quote-fetch">
            {quote.data ? 'Another quote' : 'Get a quote'}
          </Button>
        </div>
        {quote.error && <ErrorMessage testId="quote-error" error={quote.error} />}
      </Stack>
    </Card>
  );
}
