import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx.js';
import type { Tone } from './alert.js';

export interface BadgeProps extends ComponentPropsWithRef<'span'> {
  tone?: 'neutral' | Tone;
}

/** A small status label; DOM props and `ref` go to its `span`. */
export function Badge({ tone = 'neutral', className, ...rest }: BadgeProps) {
  return <span {...rest} className={cx('ek-badge', `ek-badge--${tone}`, className)} />;
}
