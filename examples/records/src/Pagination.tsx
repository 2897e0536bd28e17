// Server-side pagination controls (the DataTable's own pagination is client-side, over its rows).
import { Button, Inline, Text } from '@extsys/ui-kit';

export interface PaginationProps {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}

export function Pagination({ page, pages, onPage }: PaginationProps) {
  return (
    <nav aria-label="Record pages">
      <Inline gap={2}>
        <Button
          variant="secondary"
          size="sm"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
          data-testid="records-prev"
        >
          Previous
        </Button>
        <Text as="span" aria-live="polite" data-testid="records-page">
          Page {page} of {pages}
        </Text>
        <Button
          variant="secondary"
          size="sm"
          disabled={page >= pages}
          onClick={() => onPage(page + 1)}
          data-testid="records-next"
        >
          Next
        </Button>
      </Inline>
    </nav>
  );
}
