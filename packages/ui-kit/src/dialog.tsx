import type { ComponentPropsWithRef, ReactNode } from 'react';
import * as DialogPrimitive from '@radix-ui/react-dialog';
import { cx } from './cx.js';
import { useRestoreFocus } from './restore-focus.js';

export interface DialogProps extends Omit<ComponentPropsWithRef<'div'>, 'title' | 'children'> {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** An element that opens the dialog (rendered as the trigger, e.g. a `<Button>`). */
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons at the bottom (wrap a closing one in `<DialogClose>`). */
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}

export const DialogClose = DialogPrimitive.Close;

/**
 * A modal dialog (Radix): focus trapped inside, Esc and the close button close it, focus returns to the trigger.
 * DOM props and `ref` go to the dialog panel (Radix `Dialog.Content`, the `role="dialog"` element in the
 * portal; rendered only while open), not to the trigger or the overlay.
 * An `aria-describedby` you pass replaces the link to `description`, as on Radix's `Dialog.Content`.
 */
export function Dialog({
  trigger,
  title,
  description,
  children,
  footer,
  size = 'md',
  className,
  open,
  defaultOpen,
  onOpenChange,
  ...rest
}: DialogProps) {
  const focus = useRestoreFocus();
  return (
    <DialogPrimitive.Root open={open} defaultOpen={defaultOpen} onOpenChange={onOpenChange}>
      {trigger && <DialogPrimitive.Trigger asChild>{trigger}</DialogPrimitive.Trigger>}
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="ek-overlay" />
        <DialogPrimitive.Content
          {...focus}
          {...(description ? {} : { 'aria-describedby': undefined })}
          {...rest}
          className={cx('ek-dialog', `ek-dialog--${size}`, className)}
        >
          <DialogPrimitive.Title className="ek-dialog__title">{title}</DialogPrimitive.Title>
          {description && (
            <DialogPrimitive.Description className="ek-dialog__description">{description}</DialogPrimitive.Description>
          )}
          {children && <div className="ek-dialog__body">{children}</div>}
          {footer && <div className="ek-dialog__footer">{footer}</div>}
          <DialogPrimitive.Close className="ek-dialog__close" aria-label="Close">
            <span aria-hidden="true">×</span>
          </DialogPrimitive.Close>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
