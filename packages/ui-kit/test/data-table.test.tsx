import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DataTable, type DataTableColumn } from '../src/index.js';

interface Ticket {
  id: string;
  subject: string;
  priority: number;
}
const tickets: Ticket[] = Array.from({ length: 12 }, (_, i) => ({
  id: `T${i + 1}`,
  subject: `Subject ${String.fromCharCode(97 + ((i * 5) % 12))}`,
  priority: (i * 7) % 5,
}));
const columns: DataTableColumn<Ticket>[] = [
  { key: 'id', header: 'Id' },
  { key: 'subject', header: 'Subject', sortValue: (t) => t.subject },
  { key: 'priority', header: 'Priority', sortValue: (t) => t.priority, align: 'end' },
];
const bodyRows = () => within(screen.getAllByRole('rowgroup')[1]!).getAllByRole('row');
const firstCells = () => bodyRows().map((r) => within(r).getAllByRole('cell')[0]!.textContent);

describe('DataTable', () => {
  it('is a captioned table that sorts from header buttons with aria-sort', async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Tickets" columns={columns} rows={tickets} getRowId={(t) => t.id} pageSize={0} />);
    expect(screen.getByRole('table', { name: 'Tickets' })).toBeTruthy();
    const subject = screen.getByRole('columnheader', { name: /Subject/ });
    expect(subject.getAttribute('aria-sort')).toBe('none');
    expect(screen.getByRole('columnheader', { name: 'Id' }).hasAttribute('aria-sort')).toBe(false);
    const sortButton = within(subject).getByRole('button');
    sortButton.focus();
    await user.keyboard('{Enter}');
    expect(subject.getAttribute('aria-sort')).toBe('ascending');
    const subjects = bodyRows().map((r) => within(r).getAllByRole('cell')[1]!.textContent);
    expect(subjects).toEqual([...subjects].sort());
    await user.click(sortButton);
    expect(subject.getAttribute('aria-sort')).toBe('descending');
    expect(bodyRows().map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual([...subjects].reverse());
  });

  it('paginates', async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Tickets" columns={columns} rows={tickets} getRowId={(t) => t.id} pageSize={5} />);
    expect(firstCells()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    const pager = screen.getByRole('navigation', { name: 'Tickets pages' });
    expect(pager.textContent).toContain('Page 1 of 3');
    expect(within(pager).getByRole<HTMLButtonElement>('button', { name: 'Previous' }).disabled).toBe(true);
    await user.click(within(pager).getByRole('button', { name: 'Next' }));
    await user.click(within(pager).getByRole('button', { name: 'Next' }));
    expect(firstCells()).toEqual(['T11', 'T12']);
    expect(within(pager).getByRole<HTMLButtonElement>('button', { name: 'Next' }).disabled).toBe(true);
  });

  it('shows loading and empty states', () => {
    const { rerender } = render(
      <DataTable caption="Tickets" columns={columns} rows={[]} getRowId={(t) => t.id} loading />,
    );
    expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('true');
    expect(bodyRows()).toHaveLength(3);
    rerender(<DataTable caption="Tickets" columns={columns} rows={[]} getRowId={(t) => t.id} empty="No tickets yet" />);
    expect(screen.getByRole('table').hasAttribute('aria-busy')).toBe(false);
    expect(bodyRows()).toHaveLength(1);
    expect(screen.getByRole('cell').textContent).toBe('No tickets yet');
  });

  it('selects rows, and all rows of the page (mixed state in between)', async () => {
    const user = userEvent.setup();
    function Harness() {
      const [selected, setSelected] = useState<Set<string>>(new Set());
      return (
        <>
          <DataTable
            caption="Tickets"
            columns={columns}
            rows={tickets}
            getRowId={(t) => t.id}
            pageSize={5}
            selectedIds={selected}
            onSelectionChange={setSelected}
          />
          <output>{[...selected].join(',')}</output>
        </>
      );
    }
    render(<Harness />);
    const all = screen.getByRole('checkbox', { name: 'Select all rows on this page' });
    expect(all.getAttribute('aria-checked')).toBe('false');
    await user.click(screen.getByRole('checkbox', { name: 'Select row T2' }));
    expect(screen.getByRole('status').textContent).toBe('T2');
    expect(all.getAttribute('aria-checked')).toBe('mixed');
    expect(bodyRows()[1]!.getAttribute('aria-selected')).toBe('true');
    await user.click(all);
    expect(screen.getByRole('status').textContent).toBe('T2,T1,T3,T4,T5');
    expect(all.getAttribute('aria-checked')).toBe('true');
    await user.click(all);
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
