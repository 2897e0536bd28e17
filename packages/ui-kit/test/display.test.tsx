import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  Alert,
  Badge,
  Breadcrumbs,
  Card,
  EmptyState,
  Heading,
  Inline,
  Progress,
  Separator,
  Skeleton,
  SkeletonText,
  Spinner,
  Stack,
  Tabs,
  Text,
} from '../src/index.js';

describe('Tabs', () => {
  it('tablist with arrow-key navigation, Home/End, and linked panels', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(
      <Tabs
        label="Ticket sections"
        onValueChange={onValueChange}
        items={[
          { value: 'a', label: 'Overview', content: 'overview panel' },
          { value: 'b', label: 'Comments', content: 'comments panel' },
          { value: 'c', label: 'History', content: 'history panel' },
        ]}
      />,
    );
    expect(screen.getByRole('tablist', { name: 'Ticket sections' })).toBeTruthy();
    const [overview, comments, history] = screen.getAllByRole('tab');
    expect(overview!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').textContent).toBe('overview panel');
    await user.tab();
    expect(document.activeElement).toBe(overview);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(comments);
    expect(onValueChange).toHaveBeenLastCalledWith('b');
    expect(screen.getByRole('tabpanel', { name: 'Comments' }).textContent).toBe('comments panel');
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(history);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(overview);
  });
});

describe('Alert, Badge, Card, Text, Heading', () => {
  it('Alert role follows its tone and can be dismissed', async () => {
    const user = userEvent.setup();
    const onDismiss = vi.fn();
    const { rerender } = render(
      <Alert tone="danger" title="Sync failed" onDismiss={onDismiss}>
        Try again later
      </Alert>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.className).toContain('ek-alert--danger');
    expect(alert.textContent).toContain('Sync failed');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalled();
    rerender(<Alert tone="success" title="Saved" />);
    expect(screen.getByRole('status').textContent).toBe('Saved');
  });

  it('Badge, Text and Heading render their tone, size and level', () => {
    render(
      <>
        <Badge tone="warning">Beta</Badge>
        <Text tone="muted" size="sm" as="span">
          note
        </Text>
        <Heading level={1}>Tickets</Heading>
        <Heading level={3} size="xl">
          Big h3
        </Heading>
      </>,
    );
    expect(screen.getByText('Beta').className).toBe('ek-badge ek-badge--warning');
    expect(screen.getByText('note').tagName).toBe('SPAN');
    expect(screen.getByText('note').className).toContain('ek-text--muted');
    expect(screen.getByRole('heading', { level: 1, name: 'Tickets' }).className).toContain('ek-heading--xl');
    expect(screen.getByRole('heading', { level: 3, name: 'Big h3' }).className).toContain('ek-heading--xl');
  });

  it('Card with a title is a labelled region', () => {
    render(
      <Card title="Open tickets" actions={<button>Add</button>} footer="3 total">
        body
      </Card>,
    );
    const region = screen.getByRole('region', { name: 'Open tickets' });
    expect(within(region).getByRole('heading', { level: 3 })).toBeTruthy();
    expect(region.textContent).toContain('3 total');
  });
});

describe('layout', () => {
  it('Stack and Inline map gaps to theme spacing classes; Separator semantics', () => {
    render(
      <>
        <Stack gap={5} data-testid="stack" />
        <Inline data-testid="inline" justify="between" />
        <Separator data-testid="sep1" />
        <Separator decorative={false} orientation="vertical" data-testid="sep2" />
      </>,
    );
    expect(screen.getByTestId('stack').className).toBe('ek-stack ek-stack--column ek-gap-5');
    expect(screen.getByTestId('inline').className).toBe(
      'ek-stack ek-stack--row ek-gap-2 ek-align-center ek-justify-between ek-stack--wrap',
    );
    expect(screen.getByTestId('sep1').getAttribute('role')).toBe('none');
    expect(screen.getByRole('separator').getAttribute('aria-orientation')).toBe('vertical');
  });
});

describe('feedback', () => {
  it('Spinner, Progress and Skeleton expose the right semantics', () => {
    render(
      <>
        <Spinner label="Loading tickets" />
        <Progress label="Upload" value={140} max={200} />
        <Progress label="Import" />
        <Skeleton data-testid="sk" width={100} />
        <SkeletonText lines={2} />
      </>,
    );
    expect(screen.getByRole('status', { name: 'Loading tickets' })).toBeTruthy();
    const upload = screen.getByRole('progressbar', { name: 'Upload' });
    expect(upload.getAttribute('aria-valuenow')).toBe('140');
    expect(upload.getAttribute('aria-valuemax')).toBe('200');
    expect((upload.firstElementChild as HTMLElement).style.width).toBe('70%');
    const indeterminate = screen.getByRole('progressbar', { name: 'Import' });
    expect(indeterminate.hasAttribute('aria-valuenow')).toBe(false);
    expect(indeterminate.hasAttribute('data-indeterminate')).toBe(true);
    expect(screen.getByTestId('sk').getAttribute('aria-hidden')).toBe('true');
  });
});

describe('navigation and empty states', () => {
  it('Breadcrumbs: a nav landmark, the last item is the current page', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn((e: { preventDefault(): void }) => e.preventDefault());
    render(<Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: 'Tickets', onClick }, { label: '#42' }]} />);
    const nav = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(nav).getAllByRole('listitem')).toHaveLength(3);
    expect(within(nav).getByText('#42').getAttribute('aria-current')).toBe('page');
    await user.click(within(nav).getByRole('link', { name: 'Tickets' }));
    expect(onClick).toHaveBeenCalled();
  });

  it('EmptyState: heading, description and action', () => {
    render(<EmptyState title="No tickets" description="Create one" action={<button>New ticket</button>} icon="📭" />);
    expect(screen.getByRole('heading', { name: 'No tickets' })).toBeTruthy();
    expect(screen.getByText('📭').getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByRole('button', { name: 'New ticket' })).toBeTruthy();
  });
});
