// Editing a record. Save = host confirm → PUT /records/:id → host toast. No form submission: the
// sandbox may lack `allow-forms`, without which the browser never fires `submit`.
// Unsaved edits are a draft kept as view state for this route (the host keeps it per user, so it
// survives a reload of the frame or of the host page) and mark the page dirty (the host asks the
// user before it navigates away).
import { ExtError } from '@extsys/ext-sdk';
import { useExt, useViewState } from '@extsys/ext-sdk/react';
import { Button, Field, Input, RadioGroup, Stack, Text, TextArea } from '@extsys/ui-kit';
import { useEffect, useState } from 'react';
import { saveRecord, STATUSES, type RecordItem, type Status } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';

/** The unsaved edit of a record, kept as view state (version DRAFT_VERSION of this shape). */
type Draft = {
  name: string;
  status: Status;
  notes: string;
  /** The record's revision the draft was made on. */
  revision: number;
};
const DRAFT_VERSION = 1;

export interface RecordFormProps {
  record: RecordItem;
  onSaved: () => void;
  disabled?: boolean;
}

export function RecordForm({ record, onSaved, disabled = false }: RecordFormProps) {
  const ext = useExt();
  const saved: Draft = { name: record.name, status: record.status, notes: record.notes, revision: record.revision };
  // A draft made on another revision is stale (someone saved since): the form starts from the record.
  const [stored, setStored, draftStatus] = useViewState<Draft | null>(null, { route: true, version: DRAFT_VERSION });
  const draft = stored && stored.revision === record.revision ? stored : saved;
  const { name, status, notes } = draft;
  const edit = (change: Partial<Draft>) => setStored({ ...draft, ...change });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ExtError>();
  const nameProblem = name.trim() === '' ? 'A name is required' : undefined;
  const changed = name !== record.name || status !== record.status || notes !== record.notes;

  useEffect(() => {
    ext.view.setDirty(changed).catch(() => undefined); // a lost bridge: nothing to guard
  }, [ext, changed]);

  async function save() {
    setError(undefined);
    const confirmed = await ext.host.confirm({
      title: `Save record #${record.id}?`,
      message: `“${name.trim()}” will be saved for everyone in your organisation.`,
      confirmLabel: 'Save',
    });
    if (!confirmed) return;
    setSaving(true);
    try {
      const result = await saveRecord(ext, record.id, { name: name.trim(), status, notes, revision: record.revision });
      setStored(null);
      await ext.view.setDirty(false);
      await ext.host.toast({ message: `Saved “${result.name}”`, tone: 'success' });
      onSaved();
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      aria-label={`Edit record ${record.id}`}
      data-testid="record-form"
      onSubmit={(event) => event.preventDefault()}
    >
      <Stack gap={3}>
        <Field label="Name" required error={nameProblem}>
          <Input
            value={name}
            maxLength={80}
            onChange={(e) => edit({ name: e.target.value })}
            data-testid="record-name"
          />
        </Field>
        <div data-testid="record-status">
          <RadioGroup
            label="Status"
            orientation="horizontal"
            options={STATUSES.map((s) => ({ value: s, label: s }))}
            value={status}
            onValueChange={(value) => edit({ status: value as Status })}
          />
        </div>
        <Field label="Notes" help="At most 500 characters">
          <TextArea
            value={notes}
            maxLength={500}
            rows={3}
            onChange={(e) => edit({ notes: e.target.value })}
            data-testid="record-notes"
          />
        </Field>
        <div>
          <Button
            onClick={() =>
              void save().catch((e: unknown) =>
                setError(e instanceof ExtError ? e : new ExtError('internal', String(e))),
              )
            }
            loading={saving}
            disabled={disabled || !changed || nameProblem !== undefined}
            data-testid="record-save"
          >
            Save
          </Button>
        </div>
        {changed && (
          <Text tone="muted" size="sm" data-testid="record-draft">
            Unsaved changes{draftStatus.ready ? ' (kept as a draft)' : ''}
          </Text>
        )}
        {error && <ErrorMessage testId="record-save-error" title="Could not save" error={error} />}
      </Stack>
    </form>
  );
}
