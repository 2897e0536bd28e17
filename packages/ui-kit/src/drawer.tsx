import type { ComponentPropsWithRef, ReactNode } from 'react';
import * as DialogPrimitive from '@radix-ui/react-dialog';
import { cx } from './cx.js';
import { useRestoreFocus } from './restore-focus.js';

export interface DrawerProps extends Omit<ComponentPropsWithRef<'div'>, 'title' | 'children'> {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  side?: 'left' | 'right';
  /** CSS width; default 24rem (capped at the viewport). */
  width?: string;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
}

/**
 * A modal side panel (Radix Dialog): focus trap, Esc and overlay click close, focus restored.
 * DOM props and `ref` go to the panel (Radix `Dialog.Content`, the `role="dialog"` element in the
 * portal; rendered only while open); `width` wins over a `style` width.
 * An `aria-describedby` you pass replaces the link to `description`, as on Radix's `Dialog.Content`.
 */
export function Drawer({
  trigger,
  title,
  description,
  side = 'right',
  width,
  children,
  footer,
  className,
  style,
  open,
  defaultOpen,
  onOpenChange,
  ...rest
}: DrawerProps) {
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
          className={cx('ek-drawer', `ek-drawer--${side}`, className)}
          style={width ? { ...style, width } : style}
        >
          <div className="ek-drawer__header">
            <DialogPrimitive.Title className="ek-dialog__title">{title}</DialogPrimitive.Title>
            <DialogPrimitive.Close className="ek-dialog__close" aria-label="Close">
              <span aria-hidden="true">×</span>
            </DialogPrimitive.Close>
          </div>
          {description && (
            <DialogPrimitive.Description className="ek-dialog__description">{description}</DialogPrimitive.Description>
          )}
          <div className="ek-drawer__body">{children}</div>
          {footer && <div className="ek-dialog__footer">{footer}</div>}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
