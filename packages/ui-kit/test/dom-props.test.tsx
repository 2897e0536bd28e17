import type { ReactElement } from 'react';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import * as kit from '../src/index.js';
import {
  Alert,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  ConfirmDialog,
  DataTable,
  Dialog,
  DialogClose,
  Drawer,
  DropdownMenu,
  EmptyState,
  Field,
  Heading,
  IconButton,
  Inline,
  Input,
  Label,
  Popover,
  Progress,
  RadioGroup,
  SearchInput,
  Select,
  Separator,
  Skeleton,
  SkeletonText,
  Spinner,
  Stack,
  Switch,
  Tabs,
  Text,
  TextArea,
  ToastProvider,
  Tooltip,
} from '../src/index.js';

/** The extra DOM props every component gets: a test id, an ARIA relation, a data attribute and a ref. */
interface Probe {
  'data-testid': string;
  'aria-describedby': string;
  'data-probe': string;
  className: string;
  ref: (element: Element | null) => void;
}

interface Case {
  render: (probe: Probe) => ReactElement;
  /** Opens an overlay whose panel carries the props (rendered only while open). */
  open?: (user: ReturnType<typeof userEvent.setup>) => Promise<void>;
  /** Form controls whose `className` styles a wrapper around the control (documented exceptions). */
  classNameOnWrapper?: boolean;
}

const noop = () => {};

/** One entry per component exported by `src/index.ts`; the first test fails when one is missing. */
const CASES: Record<string, Case> = {
  Alert: { render: (p) => <Alert {...p}>Saved</Alert> },
  Badge: { render: (p) => <Badge {...p}>New</Badge> },
  Breadcrumbs: { render: (p) => <Breadcrumbs {...p} items={[{ label: 'Home', href: '#' }, { label: 'Page' }]} /> },
  Button: { render: (p) => <Button {...p}>Save</Button> },
  Card: { render: (p) => <Card {...p} title="Card" /> },
  Checkbox: { render: (p) => <Checkbox {...p} label="Agree" />, classNameOnWrapper: true },
  ConfirmDialog: {
    render: (p) => (
      <ConfirmDialog {...p} open onOpenChange={noop} title="Delete?" description="Gone for good" onConfirm={noop} />
    ),
  },
  DataTable: {
    render: (p) => (
      <DataTable
        {...p}
        caption="Rows"
        columns={[{ key: 'name', header: 'Name' }]}
        rows={[{ id: '1', name: 'One' }]}
        getRowId={(row) => row.id}
      />
    ),
  },
  Dialog: { render: (p) => <Dialog {...p} open title="Edit" /> },
  DialogClose: {
    render: (p) => (
      <Dialog open title="Edit">
        <DialogClose {...p}>Done</DialogClose>
      </Dialog>
    ),
  },
  Drawer: { render: (p) => <Drawer {...p} open title="Details" /> },
  DropdownMenu: {
    render: (p) => (
      <DropdownMenu {...p} trigger={<Button>Actions</Button>} items={[{ label: 'Edit', onSelect: noop }]} />
    ),
    open: async (user) => {
      await user.click(screen.getByRole('button', { name: 'Actions' }));
    },
  },
  EmptyState: { render: (p) => <EmptyState {...p} title="Nothing yet" /> },
  Field: {
    render: (p) => (
      <Field {...p} label="Subject">
        <Input />
      </Field>
    ),
  },
  Heading: { render: (p) => <Heading {...p}>Title</Heading> },
  IconButton: { render: (p) => <IconButton {...p} label="Delete" icon="×" /> },
  Inline: { render: (p) => <Inline {...p} /> },
  Input: { render: (p) => <Input {...p} aria-label="Name" /> },
  Label: { render: (p) => <Label {...p}>Name</Label> },
  Popover: {
    render: (p) => (
      <Popover {...p} open label="Filters" trigger={<Button>Filters</Button>}>
        Body
      </Popover>
    ),
  },
  Progress: { render: (p) => <Progress {...p} label="Upload" value={10} /> },
  RadioGroup: {
    render: (p) => <RadioGroup {...p} label="Size" options={[{ value: 's', label: 'Small' }]} />,
    classNameOnWrapper: true,
  },
  SearchInput: { render: (p) => <SearchInput {...p} label="Search" onSearch={noop} />, classNameOnWrapper: true },
  Select: { render: (p) => <Select {...p} aria-label="Tone" options={[{ value: 'a', label: 'A' }]} /> },
  Separator: { render: (p) => <Separator {...p} /> },
  Skeleton: { render: (p) => <Skeleton {...p} /> },
  SkeletonText: { render: (p) => <SkeletonText {...p} /> },
  Spinner: { render: (p) => <Spinner {...p} /> },
  Stack: { render: (p) => <Stack {...p} /> },
  Switch: { render: (p) => <Switch {...p} label="On" />, classNameOnWrapper: true },
  Tabs: {
    render: (p) => <Tabs {...p} label="Views" items={[{ value: 'a', label: 'A', content: 'Panel A' }]} />,
  },
  Text: { render: (p) => <Text {...p}>Hello</Text> },
  TextArea: { render: (p) => <TextArea {...p} aria-label="Notes" /> },
  ToastProvider: { render: (p) => <ToastProvider {...p} /> },
  Tooltip: {
    render: (p) => (
      <Tooltip {...p} open content="Help">
        <Button>?</Button>
      </Tooltip>
    ),
  },
};

/** Exports that are React components: functions or exotic components (forwardRef, memo), named in PascalCase. */
const componentNames = Object.entries(kit)
  .filter(
    ([name, value]) =>
      /^[A-Z]/.test(name) &&
      (typeof value === 'function' || (typeof value === 'object' && value !== null && '$$typeof' in value)),
  )
  .map(([name]) => name)
  .sort();

describe('every exported component forwards DOM props and its ref', () => {
  it('has a case for each component export of src/index.ts', () => {
    expect(componentNames.length).toBeGreaterThan(30);
    expect(Object.keys(CASES).sort()).toEqual(componentNames);
  });

  it.each(componentNames)('%s', async (name) => {
    const entry = CASES[name];
    if (!entry) throw new Error(`no case for ${name} in CASES`);
    const user = userEvent.setup();
    const refs: (Element | null)[] = [];
    render(
      <>
        <p id="probe-description">described</p>
        {entry.render({
          'data-testid': 'probe',
          'aria-describedby': 'probe-description',
          'data-probe': name,
          className: 'probe-class',
          ref: (element) => {
            refs.push(element);
          },
        })}
      </>,
    );
    await entry.open?.(user);
    const element = await screen.findByTestId('probe');
    expect(refs.at(-1)).toBe(element);
    expect(element.getAttribute('data-probe')).toBe(name);
    expect(element.getAttribute('aria-describedby')?.split(' ')).toContain('probe-description');
    if (entry.classNameOnWrapper) {
      expect(element.closest('.probe-class')).not.toBeNull();
    } else {
      expect([...element.classList]).toContain('probe-class');
      expect(element.classList.length).toBeGreaterThan(name === 'DialogClose' ? 0 : 1);
    }
  });
});
