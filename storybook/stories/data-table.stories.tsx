import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { Badge, DataTable, EmptyState, type DataTableColumn } from '@extsys/ui-kit';

interface Ticket {
  id: string;
  subject: string;
  status: 'open' | 'pending' | 'solved';
  priority: number;
}
const subjects = ['Printer on fire', 'VPN drops', 'New laptop', 'Password reset', 'Email bounce', 'Slow Wi-Fi'];
const statuses = ['open', 'pending', 'solved'] as const;
const tickets: Ticket[] = Array.from({ length: 23 }, (_, i) => ({
  id: `T-${100 + i}`,
  subject: subjects[i % subjects.length]!,
  status: statuses[i % 3]!,
  priority: (i * 7) % 5,
}));
const tone = { open: 'info', pending: 'warning', solved: 'success' } as const;
const columns: DataTableColumn<Ticket>[] = [
  { key: 'id', header: 'Id' },
  { key: 'subject', header: 'Subject', sortValue: (t) => t.subject },
  {
    key: 'status',
    header: 'Status',
    cell: (t) => <Badge tone={tone[t.status]}>{t.status}</Badge>,
    sortValue: (t) => t.status,
  },
  { key: 'priority', header: 'Priority', sortValue: (t) => t.priority, align: 'end' },
];

const meta = {
  title: 'Data/DataTable',
  component: DataTable<Ticket>,
  args: { caption: 'Tickets', columns, rows: tickets, getRowId: (t: Ticket) => t.id, pageSize: 5 },
} satisfies Meta<typeof DataTable<Ticket>>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Sorted: Story = { args: { defaultSort: { key: 'priority', direction: 'descending' } } };
export const Loading: Story = { args: { loading: true } };
export const Empty: Story = {
  args: { rows: [], empty: <EmptyState title="No tickets" description="Nothing matches your filters." /> },
};
function SelectableTable(args: Parameters<typeof DataTable<Ticket>>[0]) {
  const [selected, setSelected] = useState<Set<string>>(new Set(['T-101']));
  return <DataTable {...args} selectedIds={selected} onSelectionChange={setSelected} />;
}
export const Selectable: Story = { render: (args) => <SelectableTable {...args} /> };
