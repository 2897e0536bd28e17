// The detail of one record: GET /records/:id, an edit form, and a save that asks the HOST to
// confirm (its own modal, outside the iframe) and then to show a toast.
import { useApi, useExt } from '@extsys/ext-sdk/react';
import { Button, Heading, Inline, Skeleton, Stack, Text } from '@extsys/ui-kit';
import { PAGE_SIZE, recordPath, type RecordItem } from './api.js';
import type { Go } from './App.js';
import { ErrorMessage } from './ErrorMessage.js';
import { formatMoney } from './format.js';
import { RecordForm } from './RecordForm.js';
import { listRoute } from './routes.js';
import { StatusBadge } from './StatusBadge.js';

export function RecordDetail({ id, go }: { id: number; go: Go }) {
  const ext = useExt();
  const { data, error, loading, reload } = useApi<RecordItem>(recordPath(id));
  const back = (
    <Button variant="link" onClick={() => go(listRoute(Math.ceil(id / PAGE_SIZE)))} data-testid="record-back">
      ← All records
    </Button>
  );
  if (error && !data) {
    return (
      <Stack gap={3}>
        {back}
        <ErrorMessage testId="record-error" title={`Could not load record ${id}`} error={error}>
          <Button variant="secondary" size="sm" onClick={reload}>
            Retry
          </Button>
        </ErrorMessage>
      </Stack>
    );
  }
  return (
    <Stack gap={3}>
      {back}
      <Heading level={1} data-testid="record-title">
        {data ? `#${data.id} ${data.name}` : <Skeleton shape="text" />}
      </Heading>
      {data && (
        <>
          <Inline gap={3}>
            <StatusBadge status={data.status} />
            <Text as="span">Owner: {data.owner}</Text>
            <Text as="span">Amount: {formatMoney(data.amountCents, ext.context.locale)}</Text>
            <Text as="span" tone="muted" data-testid="record-revision">
              Revision {data.revision}
            </Text>
          </Inline>
          {/* Keyed by revision: after a save the form starts again from what the handler answered. */}
          <RecordForm key={data.revision} record={data} onSaved={reload} disabled={loading} />
        </>
      )}
      {!data && loading && <Text tone="muted">Loading record {id}…</Text>}
      {error && data && <ErrorMessage testId="record-error" title={`Could not reload record ${id}`} error={error} />}
    </Stack>
  );
}
