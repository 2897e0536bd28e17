import type { HTMLAttributes } from 'react';
import { cx } from './cx.js';
import type { Tone } from './alert.js';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: 'neutral' | Tone;
}

export function Badge({ tone = 'neutral', className, ...rest }: BadgeProps) {
  return <span {...rest} className={cx('ek-badge', `ek-badge--${tone}`, className)} />;
}
