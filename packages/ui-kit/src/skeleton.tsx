import type { CSSProperties, HTMLAttributes } from 'react';
import { cx } from './cx.js';

export interface SkeletonProps extends HTMLAttributes<HTMLSpanElement> {
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  shape?: 'rect' | 'text' | 'circle';
}

/** A placeholder block (hidden from assistive technology: mark the loading region `aria-busy`). */
export function Skeleton({ width, height, shape = 'rect', className, style, ...rest }: SkeletonProps) {
  return (
    <span
      {...rest}
      aria-hidden="true"
      className={cx('ek-skeleton', `ek-skeleton--${shape}`, className)}
      style={{ width, height, ...style }}
    />
  );
}

/** `lines` text-height skeletons, the last one shorter. */
export function SkeletonText({ lines = 3 }: { lines?: number }) {
  return (
    <span className="ek-skeleton-text" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} shape="text" width={i === lines - 1 && lines > 1 ? '60%' : '100%'} />
      ))}
    </span>
  );
}
