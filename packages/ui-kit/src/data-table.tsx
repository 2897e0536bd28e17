import { useMemo, useState, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx } from './cx.js';
import { Button } from './button.js';
import { Checkbox } from './checkbox.js';
import { Skeleton } from './skeleton.js';

export interface DataTableColumn<Row> {
  key: string;
  header: ReactNode;
  /** Cell content; default `String(row[key])`. */
  cell?: (row: Row) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: Row) => string | number;
  align?: 'start' | 'end';
}

function plain(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  key: string;
  direction: SortDirection;
}

export interface DataTableProps<Row> extends Omit<ComponentPropsWithRef<'div'>, 'children'> {
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  getRowId: (row: Row) => string;
  /** Caption (the table's accessible name); `captionHidden` keeps it for screen readers only. */
  caption: string;
  captionHidden?: boolean;
  loading?: boolean;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  /** Rows per page; 0 = no pagination. Default 10. */
  pageSize?: number;
  defaultSort?: SortState;
  /** Turns on row selection (a checkbox column with select-all). */
  selectedIds?: ReadonlySet<string>;
  onSelectionChange?: (ids: Set<string>) => void;
}

/**
 * A table: sortable column headers (buttons; `aria-sort` on the header cell), client-side
 * pagination, loading (`aria-busy`, skeleton rows) and empty states, and optional row selection.
 * DOM props and `ref` go to the root `div` that wraps the table and its pagination.
 */
export function DataTable<Row>({
  columns,
  rows,
  getRowId,
  caption,
  captionHidden = false,
  loading = false,
  empty = 'No data',
  pageSize = 10,
  defaultSort,
  selectedIds,
  onSelectionChange,
  className,
  ...rest
}: DataTableProps<Row>) {
  const [sort, setSort] = useState<SortState | undefined>(defaultSort);
  const [page, setPage] = useState(0);
  const selectable = selectedIds !== undefined && onSelectionChange !== undefined;

  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    const factor = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return (x < y ? -1 : x > y ? 1 : 0) * factor;
    });
  }, [rows, columns, sort]);

  const pages = pageSize > 0 ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  const current = Math.min(page, pages - 1);
  const visible = pageSize > 0 ? sorted.slice(current * pageSize, (current + 1) * pageSize) : sorted;
  const visibleIds = visible.map(getRowId);
  const selectedOnPage = selectable ? visibleIds.filter((id) => selectedIds.has(id)).length : 0;
  const colSpan = columns.length + (selectable ? 1 : 0);

  function toggleSort(key: string) {
    setSort((s) =>
      s?.key === key
        ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );
  }
  function setSelected(ids: string[], on: boolean) {
    if (!selectable) return;
    const next = new Set(selectedIds);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onSelectionChange(next);
  }

  let body: ReactNode;
  if (loading) {
    body = Array.from({ length: Math.min(pageSize || 3, 3) }, (_, i) => (
      <tr key={i} className="ek-table__row">
        {Array.from({ length: colSpan }, (_, j) => (
          <td key={j} className="ek-table__cell">
            <Skeleton shape="text" />
          </td>
        ))}
      </tr>
    ));
  } else if (visible.length === 0) {
    body = (
      <tr>
        <td colSpan={colSpan} className="ek-table__empty">
          {empty}
        </td>
      </tr>
    );
  } else {
    body = visible.map((row) => {
      const id = getRowId(row);
      const selected = selectable && selectedIds.has(id);
      return (
        <tr key={id} className="ek-table__row" aria-selected={selectable ? selected : undefined}>
          {selectable && (
            <td className="ek-table__cell ek-table__select">
              <Checkbox
                aria-label={`Select row ${id}`}
                checked={selected}
                onCheckedChange={(on) => setSelected([id], on === true)}
              />
            </td>
          )}
          {columns.map((column) => (
            <td key={column.key} className={cx('ek-table__cell', column.align === 'end' && 'ek-table__cell--end')}>
              {column.cell ? column.cell(row) : plain((row as Record<string, unknown>)[column.key])}
            </td>
          ))}
        </tr>
      );
    });
  }

  return (
    <div {...rest} className={cx('ek-table-wrap', className)}>
      <table className="ek-table" aria-busy={loading || undefined}>
        <caption className={cx('ek-table__caption', captionHidden && 'ek-visually-hidden')}>{caption}</caption>
        <thead>
          <tr>
            {selectable && (
              <th scope="col" className="ek-table__head ek-table__select">
                <Checkbox
                  aria-label="Select all rows on this page"
                  disabled={loading || visible.length === 0}
                  checked={selectedOnPage === 0 ? false : selectedOnPage === visibleIds.length ? true : 'indeterminate'}
                  onCheckedChange={() => setSelected(visibleIds, selectedOnPage !== visibleIds.length)}
                />
              </th>
            )}
            {columns.map((column) => {
              const direction = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={column.sortValue ? (direction ?? 'none') : undefined}
                  className={cx('ek-table__head', column.align === 'end' && 'ek-table__cell--end')}
                >
                  {column.sortValue ? (
                    <button type="button" className="ek-table__sort" onClick={() => toggleSort(column.key)}>
                      {column.header}
                      <span aria-hidden="true" className="ek-table__sort-icon">
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
      {pageSize > 0 && pages > 1 && !loading && (
        <nav className="ek-table__pagination" aria-label={`${caption} pages`}>
          <Button variant="secondary" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </Button>
          <span aria-live="polite" className="ek-table__page">
            Page {current + 1} of {pages}
          </span>
          <Button variant="secondary" size="sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </Button>
        </nav>
      )}
    </div>
  );
}
