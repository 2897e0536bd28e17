import type { HTMLAttributes } from 'react';
import { cx } from './cx.js';

export interface SeparatorProps extends HTMLAttributes<HTMLDivElement> {
  orientation?: 'horizontal' | 'vertical';
  /** Purely visual: hidden from assistive technology (default). */
  decorative?: boolean;
}

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
