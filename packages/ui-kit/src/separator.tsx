import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx.js';

export interface SeparatorProps extends ComponentPropsWithRef<'div'> {
  orientation?: 'horizontal' | 'vertical';
  /** Purely visual: hidden from assistive technology (default). */
  decorative?: boolean;
}

/** A line between content; DOM props and `ref` go to its `div`. */
export function Separator({ orientation = 'horizontal', decorative = true, className, ...rest }: SeparatorProps) {
  return (
    <div
      {...rest}
      {...(decorative
        ? { role: 'none' }
        : { role: 'separator', 'aria-orientation': orientation === 'vertical' ? 'vertical' : undefined })}
      className={cx('ek-separator', `ek-separator--${orientation}`, className)}
    />
  );
}
