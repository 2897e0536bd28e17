import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx.js';

export interface SpinnerProps extends ComponentPropsWithRef<'span'> {
  size?: 'sm' | 'md' | 'lg';
  /** Accessible name; default "Loading". Ignored when `decorative`. */
  label?: string;
  /** Hidden from assistive technology (e.g. inside a busy button that already says so). */
  decorative?: boolean;
}

/** An indeterminate loading indicator (`role="status"`); DOM props and `ref` go to its `span`. */
export function Spinner({ size = 'md', label = 'Loading', decorative = false, className, ...rest }: SpinnerProps) {
  return (
    <span
      {...rest}
      className={cx('ek-spinner', `ek-spinner--${size}`, className)}
      {...(decorative ? { 'aria-hidden': true } : { role: 'status', 'aria-label': label })}
    />
  );
}
