// The list: one page at a time from GET /records (the handler paginates), in a ui-kit DataTable.
import { useApi, useExt } from '@extsys/ext-sdk/react';
import { Badge, Button, DataTable, Heading, Stack, type DataTableColumn } from '@extsys/ui-kit';
import { listPath, type RecordItem, type RecordPage } from './api.js';
import type { Go } from './App.js';
import { ErrorMessage } from './ErrorMessage.js';
import { formatMoney } from './format.js';
import { Pagination } from './Pagination.js';
import { detailRoute, listRoute } from './routes.js';
import { StatusBadge } from './StatusBadge.js';

export function RecordList({ page, go }: { page: number; go: Go }) {
  const ext = useExt();
  const { data, error, loading, reload } = useApi<RecordPage>(listPath(page));
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : undefined;

  const columns: DataTableColumn<RecordItem>[] = [
    {
      key: 'name',
      header: 'Name',
      cell: (row) => (
        <Button
          variant="link"
          onClick={() => go(detailRoute(row.id))}
          data-testid="records-row"
          data-record-id={row.id}
        >
          {row.name}
        </Button>
      ),
    },
    { key: 'owner', header: 'Owner' },
    { key: 'status', header: 'Status', cell: (row) => <StatusBadge status={row.status} /> },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      cell: (row) => formatMoney(row.amountCents, ext.context.locale),
    },
  ];

  return (
    <Stack gap={3}>
      <Heading level={1}>Records {data && <Badge data-testid="records-total">{data.total}</Badge>}</Heading>
      {error && (
        <ErrorMessage testId="records-error" title="Could not load the records" error={error}>
          <Button variant="secondary" size="sm" onClick={reload}>
            Retry
          </Button>
        </ErrorMessage>
      )}
      <div data-testid="records-table" aria-busy={loading || undefined}>
        <DataTable
          caption={`Records, page ${page}`}
          captionHidden
          columns={columns}
          rows={data?.items ?? []}
          getRowId={(row) => String(row.id)}
          loading={loading && !data}
          pageSize={0}
          empty="No records on this page"
        />
      </div>
      {pages !== undefined && (
        <Pagination page={page} pages={pages} onPage={(next) => go(listRoute(next), { replace: true })} />
      )}
    </Stack>
  );
}
