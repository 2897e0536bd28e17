import { useState } from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  Button,
  ConfirmDialog,
  Dialog,
  DialogClose,
  Drawer,
  DropdownMenu,
  Popover,
  ToastProvider,
  Tooltip,
  useToast,
} from '../src/index.js';

describe('Dialog', () => {
  it('opens from its trigger, traps focus, closes on Esc and restores focus', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Dialog
          trigger={<Button>Edit</Button>}
          title="Edit ticket"
          description="Change the subject"
          footer={
            <DialogClose asChild>
              <Button>Done</Button>
            </DialogClose>
          }
        >
          <input aria-label="Subject" />
        </Dialog>
        <button>outside</button>
      </>,
    );
    const trigger = screen.getByRole('button', { name: 'Edit' });
    await user.click(trigger);
    const dialog = screen.getByRole('dialog', { name: 'Edit ticket' });
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Tab cycles inside the dialog.
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
  });

  it('closes with the close button and reports onOpenChange', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    render(<Dialog defaultOpen onOpenChange={onOpenChange} title="Info" />);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });
});

describe('ConfirmDialog', () => {
  function Harness({ onConfirm, tone }: { onConfirm: () => Promise<void> | void; tone?: 'danger' | 'primary' }) {
    const [open, setOpen] = useState(false);
    return (
      <>
        <Button onClick={() => setOpen(true)}>Delete ticket</Button>
        <ConfirmDialog
          open={open}
          onOpenChange={setOpen}
          title="Delete ticket?"
          description="This cannot be undone."
          confirmLabel="Delete"
          tone={tone}
          onConfirm={onConfirm}
        />
      </>
    );
  }

  it('is an alertdialog; danger focuses Cancel; Esc cancels and restores focus', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(<Harness onConfirm={onConfirm} tone="danger" />);
    const opener = screen.getByRole('button', { name: 'Delete ticket' });
    await user.click(opener);
    expect(screen.getByRole('alertdialog', { name: 'Delete ticket?' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(onConfirm).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
  });

  it('awaits onConfirm with a busy button, then closes', async () => {
    const user = userEvent.setup();
    let finish!: () => void;
    const onConfirm = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<Harness onConfirm={onConfirm} />);
    await user.click(screen.getByRole('button', { name: 'Delete ticket' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('button', { name: 'Delete' }).getAttribute('aria-busy')).toBe('true');
    await act(async () => finish());
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});

describe('Drawer', () => {
  it('is a modal dialog on a side, closes on Esc', async () => {
    const user = userEvent.setup();
    render(<Drawer trigger={<Button>Filters</Button>} title="Filters" side="left" width="20rem" />);
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    const drawer = screen.getByRole('dialog', { name: 'Filters' });
    expect(drawer.className).toContain('ek-drawer--left');
    expect(drawer.style.width).toBe('20rem');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Filters' }));
  });
});

describe('DropdownMenu', () => {
  it('opens with the keyboard, moves with arrows, selects with Enter, skips disabled items', async () => {
    const user = userEvent.setup();
    const edit = vi.fn();
    const remove = vi.fn();
    render(
      <DropdownMenu
        trigger={<Button>Actions</Button>}
        items={[
          { label: 'Edit', onSelect: edit },
          { label: 'Archive', onSelect: vi.fn(), disabled: true },
          { type: 'separator' },
          { label: 'Delete', onSelect: remove, danger: true },
        ]}
      />,
    );
    const trigger = screen.getByRole('button', { name: 'Actions' });
    expect(trigger.getAttribute('aria-haspopup')).toBe('menu');
    trigger.focus();
    await user.keyboard('{Enter}');
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu');
    expect(screen.getAllByRole('menuitem')).toHaveLength(3);
    expect(menu.contains(document.activeElement)).toBe(true);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement!.textContent).toBe('Delete');
    await user.keyboard('{Enter}');
    expect(remove).toHaveBeenCalledTimes(1);
    expect(edit).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(document.activeElement).toBe(trigger);
  });
});

describe('Popover', () => {
  it('opens a labelled dialog, Esc closes and refocuses the trigger', async () => {
    const user = userEvent.setup();
    render(
      <Popover trigger={<Button>Details</Button>} label="Ticket details">
        <p>Opened yesterday</p>
      </Popover>,
    );
    const trigger = screen.getByRole('button', { name: 'Details' });
    await user.click(trigger);
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Ticket details' }).textContent).toContain('Opened yesterday');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
  });
});

describe('Tooltip', () => {
  it('opens on keyboard focus, describes its trigger, closes on Esc', async () => {
    const user = userEvent.setup();
    render(
      <Tooltip content="Copies the link" delayDuration={0}>
        <Button>Copy</Button>
      </Tooltip>,
    );
    await user.tab();
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip.textContent).toBe('Copies the link');
    const trigger = screen.getByRole('button', { name: 'Copy' });
    expect(trigger.getAttribute('aria-describedby')).toBe(tooltip.id);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
  });
});

describe('Toast', () => {
  it('announces toasts in a labelled region, auto-dismisses and dismisses on click', async () => {
    const user = userEvent.setup();
    function Page() {
      const { toast } = useToast();
      return (
        <>
          <Button onClick={() => toast({ title: 'Saved', durationMs: 60 })}>Save</Button>
          <Button onClick={() => toast({ title: 'Failed', tone: 'danger', durationMs: 0 })}>Fail</Button>
        </>
      );
    }
    render(
      <ToastProvider>
        <Page />
      </ToastProvider>,
    );
    const region = screen.getByRole('region', { name: 'Notifications' });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(region.querySelector('[role="status"]')!.textContent).toContain('Saved');
    await user.click(screen.getByRole('button', { name: 'Fail' }));
    expect(screen.getByRole('alert').textContent).toContain('Failed');
    await user.unhover(region);
    await waitFor(() => expect(region.textContent).not.toContain('Saved'));
    await user.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('useToast outside a provider says what to do', () => {
    function Bad() {
      useToast();
      return null;
    }
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Bad />)).toThrow('wrap the app in <ToastProvider>');
  });
});
