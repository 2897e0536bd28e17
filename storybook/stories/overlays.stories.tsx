import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import {
  Button,
  ConfirmDialog,
  Dialog,
  DialogClose,
  Drawer,
  DropdownMenu,
  Field,
  Input,
  Popover,
  Text,
  Tooltip,
} from '@extsys/ui-kit';

const meta = {
  title: 'Overlays/Dialog',
  component: Dialog,
  args: {
    title: 'Edit ticket',
    description: 'Change the subject and save.',
    trigger: <Button>Edit ticket</Button>,
    children: (
      <Field label="Subject">
        <Input defaultValue="Printer on fire" />
      </Field>
    ),
    footer: (
      <>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <DialogClose asChild>
          <Button>Save</Button>
        </DialogClose>
      </>
    ),
  },
} satisfies Meta<typeof Dialog>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Closed: Story = {};
/** Open on load (kept out of the docs page: a modal would cover it). */
export const Open: Story = { tags: ['!autodocs'], args: { defaultOpen: true } };

function ConfirmDemo({ open: initial, tone }: { open: boolean; tone: 'primary' | 'danger' }) {
  const [open, setOpen] = useState(initial);
  return (
    <>
      <Button variant={tone} onClick={() => setOpen(true)}>
        Delete ticket
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        tone={tone}
        title="Delete ticket #42?"
        description="This cannot be undone."
        confirmLabel="Delete"
        onConfirm={() => new Promise((r) => setTimeout(r, 800))}
      />
    </>
  );
}
export const Confirm: Story = { render: () => <ConfirmDemo open={false} tone="danger" /> };
export const ConfirmOpen: Story = { tags: ['!autodocs'], render: () => <ConfirmDemo open tone="danger" /> };

export const DrawerClosed: Story = {
  render: () => (
    <Drawer trigger={<Button variant="secondary">Filters</Button>} title="Filters" description="Narrow the list.">
      <Text>Filter controls go here.</Text>
    </Drawer>
  ),
};
export const DrawerOpen: Story = {
  tags: ['!autodocs'],
  render: () => (
    <Drawer defaultOpen trigger={<Button variant="secondary">Filters</Button>} title="Filters" side="right">
      <Text>Filter controls go here.</Text>
    </Drawer>
  ),
};

export const Menu: Story = {
  render: () => (
    <DropdownMenu
      trigger={<Button variant="secondary">Actions ▾</Button>}
      items={[
        { label: 'Edit', onSelect: fn() },
        { label: 'Duplicate', onSelect: fn() },
        { label: 'Archive', onSelect: fn(), disabled: true },
        { type: 'separator' },
        { label: 'Delete', onSelect: fn(), danger: true },
      ]}
    />
  ),
};

export const PopoverStory: Story = {
  name: 'Popover',
  render: () => (
    <Popover trigger={<Button variant="secondary">Details</Button>} label="Ticket details">
      <Text size="sm">Opened yesterday by Ada.</Text>
    </Popover>
  ),
};
export const PopoverOpen: Story = {
  tags: ['!autodocs'],
  render: () => (
    <div style={{ padding: '4rem' }}>
      <Popover defaultOpen trigger={<Button variant="secondary">Details</Button>} label="Ticket details">
        <Text size="sm">Opened yesterday by Ada.</Text>
      </Popover>
    </div>
  ),
};

export const TooltipStory: Story = {
  name: 'Tooltip',
  render: () => (
    <div style={{ padding: '3rem' }}>
      <Tooltip content="Copies the ticket link" defaultOpen>
        <Button variant="secondary">Copy link</Button>
      </Tooltip>
    </div>
  ),
};
