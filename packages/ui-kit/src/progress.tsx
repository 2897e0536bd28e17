import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx.js';

export interface ProgressProps extends ComponentPropsWithRef<'div'> {
  /** 0..max; omit for an indeterminate bar. */
  value?: number;
  max?: number;
  /** Accessible name (required: a progress bar needs one). */
  label: string;
  tone?: 'primary' | 'success' | 'warning' | 'danger';
  size?: 'sm' | 'md';
}

/** A `progressbar`; DOM props and `ref` go to its root `div`. */
export function Progress({
  value,
  max = 100,
  label,
  tone = 'primary',
  size = 'md',
  className,
  ...rest
}: ProgressProps) {
  const clamped = value === undefined ? undefined : Math.min(max, Math.max(0, value));
  const percent = clamped === undefined ? undefined : (clamped / max) * 100;
  return (
    <div
      {...rest}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={clamped}
      className={cx('ek-progress', `ek-progress--${tone}`, `ek-progress--${size}`, className)}
      data-indeterminate={clamped === undefined || undefined}
    >
      <div className="ek-progress__bar" style={percent === undefined ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
