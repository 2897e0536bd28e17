// Editing a record. Save = host confirm → PUT /records/:id → host toast. No form submission: the
// sandbox may lack `allow-forms`, without which the browser never fires `submit`.
import { ExtError } from '@extsys/ext-sdk';
import { useExt } from '@extsys/ext-sdk/react';
import { Button, Field, Input, RadioGroup, Stack, TextArea } from '@extsys/ui-kit';
import { useState } from 'react';
import { saveRecord, STATUSES, type RecordItem, type Status } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';

export interface RecordFormProps {
  record: RecordItem;
  onSaved: () => void;
  disabled?: boolean;
}

export function RecordForm({ record, onSaved, disabled = false }: RecordFormProps) {
  const ext = useExt();
  const [name, setName] = useState(record.name);
  const [status, setStatus] = useState<Status>(record.status);
  const [notes, setNotes] = useState(record.notes);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ExtError>();
  const nameProblem = name.trim() === '' ? 'A name is required' : undefined;
  const changed = name !== record.name || status !== record.status || notes !== record.notes;

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
      const saved = await saveRecord(ext, record.id, { name: name.trim(), status, notes, revision: record.revision });
      await ext.host.toast({ message: `Saved “${saved.name}”`, tone: 'success' });
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
          <Input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} data-testid="record-name" />
        </Field>
        <div data-testid="record-status">
          <RadioGroup
            label="Status"
            orientation="horizontal"
            options={STATUSES.map((s) => ({ value: s, label: s }))}
            value={status}
            onValueChange={(value) => setStatus(value as Status)}
          />
        </div>
        <Field label="Notes" help="At most 500 characters">
          <TextArea
            value={notes}
            maxLength={500}
            rows={3}
            onChange={(e) => setNotes(e.target.value)}
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
        {error && <ErrorMessage testId="record-save-error" title="Could not save" error={error} />}
      </Stack>
    </form>
  );
}
