// The `pick-record` modal: a page of records to choose from; choosing one closes the modal with
// `{id, name}` (the opener's `openModal` resolves with it), Cancel closes it with nothing.
import { ExtError, type JsonValue } from '@extsys/ext-sdk';
import { useApi, useExt } from '@extsys/ext-sdk/react';
import { Button, Inline, Stack, Text } from '@extsys/ui-kit';
import { useState } from 'react';
import { listPath, type PickInput, type Picked, type RecordPage } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { Pagination } from './Pagination.js';

function excludedIds(input: JsonValue | undefined): number[] {
  const exclude = (input as Partial<PickInput> | null | undefined)?.exclude;
  return Array.isArray(exclude) ? exclude.filter((id): id is number => typeof id === 'number') : [];
}

export function PickRecord({ input }: { input?: JsonValue | undefined }) {
  const ext = useExt();
  const [page, setPage] = useState(1);
  const [error, setError] = useState<ExtError>();
  const { data, error: loadError } = useApi<RecordPage>(listPath(page));
  const exclude = excludedIds(input);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : undefined;

  const close = (picked?: Picked) =>
    ext.view.close(picked ? { ...picked } : undefined).catch((e: unknown) => {
      setError(e instanceof ExtError ? e : new ExtError('internal', String(e)));
    });

  return (
    <Stack gap={3} data-testid="pick-record">
      {loadError && <ErrorMessage testId="pick-error" title="Could not load the records" error={loadError} />}
      {error && <ErrorMessage testId="pick-close-error" title="Could not close" error={error} />}
      <ul className="pick-list">
        {data?.items.map((record) => (
          <li key={record.id}>
            <Inline gap={2}>
              <Button
                variant="link"
                disabled={exclude.includes(record.id)}
                onClick={() => void close({ id: record.id, name: record.name })}
                data-testid="pick-option"
                data-record-id={record.id}
              >
                #{record.id} {record.name}
              </Button>
              {exclude.includes(record.id) && (
                <Text as="span" tone="muted">
                  linked
                </Text>
              )}
            </Inline>
          </li>
        ))}
      </ul>
      {pages !== undefined && <Pagination page={page} pages={pages} onPage={setPage} />}
      <div>
        <Button variant="secondary" onClick={() => void close()} data-testid="pick-cancel">
          Cancel
        </Button>
      </div>
    </Stack>
  );
}
