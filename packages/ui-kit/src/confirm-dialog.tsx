import { useRef, useState, type ComponentPropsWithRef, type ReactNode } from 'react';
import * as DialogPrimitive from '@radix-ui/react-dialog';
import { Button } from './button.js';
import { cx } from './cx.js';
import { useRestoreFocus } from './restore-focus.js';

export interface ConfirmDialogProps extends Omit<ComponentPropsWithRef<'div'>, 'title' | 'children'> {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** `danger` puts initial focus on Cancel and paints Confirm red. */
  tone?: 'primary' | 'danger';
  /** May return a promise: the dialog shows a busy Confirm and closes when it resolves. */
  onConfirm: () => void | Promise<void>;
}

/**
 * An `alertdialog` asking to confirm an action. Esc or Cancel close it; focus returns to the opener.
 * DOM props and `ref` go to the `alertdialog` panel (Radix `Dialog.Content` in the portal; rendered
 * only while open).
 * An `aria-describedby` you pass replaces the link to `description`, as on Radix's `Dialog.Content`.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel = 'Confirm',
  cancelLabel = 'Cancel',
  tone = 'primary',
  onConfirm,
  className,
  ...rest
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const focus = useRestoreFocus((event) => {
    if (tone !== 'danger') return;
    event.preventDefault();
    cancel.current?.focus();
  });
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      onOpenChange(false);
    } finally {
      setBusy(false);
    }
  }
  return (
    <DialogPrimitive.Root open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="ek-overlay" />
        <DialogPrimitive.Content
          role="alertdialog"
          {...focus}
          {...rest}
          className={cx('ek-dialog', 'ek-dialog--sm', className)}
        >
          <DialogPrimitive.Title className="ek-dialog__title">{title}</DialogPrimitive.Title>
          <DialogPrimitive.Description className="ek-dialog__description">{description}</DialogPrimitive.Description>
          <div className="ek-dialog__footer">
            <DialogPrimitive.Close asChild>
              <Button ref={cancel} variant="secondary" disabled={busy}>
                {cancelLabel}
              </Button>
            </DialogPrimitive.Close>
            <Button variant={tone} loading={busy} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
          </div>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
