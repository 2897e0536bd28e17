// The `customer-records` panel, beside the host's selected customer (its subject): the records
// linked to that customer, and a "Link a record" that opens the `pick-record` modal and links the
// record it returns. A new selection in the host arrives as a new subject, without a remount.
import { ExtError, type HostSubject } from '@extsys/ext-sdk';
import { useApi, useExt } from '@extsys/ext-sdk/react';
import { Button, Heading, Inline, Stack, Text } from '@extsys/ui-kit';
import { useState } from 'react';
import { linksPath, saveLinks, type CustomerLinks, type PickInput, type Picked } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { StatusBadge } from './StatusBadge.js';

export function CustomerPanel({ subject }: { subject: HostSubject }) {
  const ext = useExt();
  const { data, error, loading, reload } = useApi<CustomerLinks>(linksPath(subject.id));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ExtError>();
  const linked = data?.customer === subject.id ? data.records : [];
  const ids = linked.map((r) => r.id);

  async function store(recordIds: number[]) {
    setSaveError(undefined);
    setSaving(true);
    try {
      await saveLinks(ext, subject.id, recordIds);
      reload();
    } catch (e) {
      setSaveError(e instanceof ExtError ? e : new ExtError('internal', String(e)));
    } finally {
      setSaving(false);
    }
  }

  async function pick() {
    const input: PickInput = { exclude: ids };
    const picked = (await ext.host.openModal({
      entryPoint: 'pick-record',
      size: 'medium',
      title: `Link a record to ${subject.title ?? subject.id}`,
      context: { ...input },
    })) as Picked | undefined;
    if (picked) await store([...ids, picked.id]);
  }

  return (
    <Stack gap={2} data-testid="customer-panel" data-customer-id={subject.id}>
      <Heading level={2}>Linked records</Heading>
      <Text tone="muted" data-testid="panel-subject">
        {subject.title ?? subject.id}
      </Text>
      {error && <ErrorMessage testId="panel-error" title="Could not load the linked records" error={error} />}
      {saveError && <ErrorMessage testId="panel-save-error" title="Could not save the links" error={saveError} />}
      {data && linked.length === 0 && <Text data-testid="panel-empty">No records linked yet.</Text>}
      <ul className="panel-links" aria-busy={loading || saving || undefined}>
        {linked.map((record) => (
          <li key={record.id} data-testid="panel-link" data-record-id={record.id}>
            <Inline gap={2}>
              <Text as="span">
                #{record.id} {record.name}
              </Text>
              <StatusBadge status={record.status} />
              <Button
                variant="link"
                size="sm"
                aria-label={`Unlink ${record.name}`}
                onClick={() => void store(ids.filter((id) => id !== record.id))}
              >
                Unlink
              </Button>
            </Inline>
          </li>
        ))}
      </ul>
      <div>
        <Button
          variant="secondary"
          onClick={() =>
            void pick().catch((e: unknown) =>
              setSaveError(e instanceof ExtError ? e : new ExtError('internal', String(e))),
            )
          }
          disabled={!data || saving}
          data-testid="panel-link-record"
        >
          Link a record…
        </Button>
      </div>
    </Stack>
  );
}
