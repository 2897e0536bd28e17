import type { ComponentPropsWithRef, ReactElement, ReactNode } from 'react';
import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import { cx } from './cx.js';

export interface TooltipProps extends Omit<ComponentPropsWithRef<'div'>, 'content' | 'children'> {
  content: ReactNode;
  /** The element it describes (must be focusable: it opens on focus and hover). */
  children: ReactElement;
  side?: 'top' | 'right' | 'bottom' | 'left';
  delayDuration?: number;
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  className?: string;
}

/**
 * A tooltip (Radix): on hover and keyboard focus, Esc dismisses, linked with `aria-describedby`.
 * DOM props and `ref` go to the visible tooltip bubble (Radix `Tooltip.Content` in the portal;
 * rendered only while open), not to the trigger (`children` keeps its own props).
 */
export function Tooltip({
  content,
  children,
  side = 'top',
  delayDuration = 300,
  className,
  open,
  defaultOpen,
  onOpenChange,
  ...rest
}: TooltipProps) {
  return (
    <TooltipPrimitive.Provider delayDuration={delayDuration}>
      <TooltipPrimitive.Root open={open} defaultOpen={defaultOpen} onOpenChange={onOpenChange}>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content {...rest} side={side} sideOffset={4} className={cx('ek-tooltip', className)}>
            {content}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
