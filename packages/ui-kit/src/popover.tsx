import type { ComponentPropsWithRef, ReactElement, ReactNode } from 'react';
import * as PopoverPrimitive from '@radix-ui/react-popover';
import { cx } from './cx.js';

export interface PopoverProps extends Omit<ComponentPropsWithRef<'div'>, 'children'> {
  trigger: ReactElement;
  children: ReactNode;
  /** Accessible name of the popover dialog. */
  label: string;
  side?: 'top' | 'right' | 'bottom' | 'left';
  align?: 'start' | 'center' | 'end';
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  className?: string;
}

/**
 * A non-modal popover (Radix): focus moves in, Esc or an outside click closes and refocuses the trigger.
 * DOM props and `ref` go to the popover panel (Radix `Popover.Content`, the named `dialog` in the
 * portal; rendered only while open), not to the trigger.
 */
export function Popover({
  trigger,
  children,
  label,
  side = 'bottom',
  align = 'center',
  className,
  open,
  defaultOpen,
  onOpenChange,
  ...rest
}: PopoverProps) {
  return (
    <PopoverPrimitive.Root open={open} defaultOpen={defaultOpen} onOpenChange={onOpenChange}>
      <PopoverPrimitive.Trigger asChild>{trigger}</PopoverPrimitive.Trigger>
      <PopoverPrimitive.Portal>
        <PopoverPrimitive.Content
          {...rest}
          side={side}
          align={align}
          sideOffset={6}
          aria-label={label}
          className={cx('ek-popover', 'ek-popover--padded', className)}
        >
          {children}
        </PopoverPrimitive.Content>
      </PopoverPrimitive.Portal>
    </PopoverPrimitive.Root>
  );
}
