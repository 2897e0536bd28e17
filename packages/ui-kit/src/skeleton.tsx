import type { ComponentPropsWithRef, CSSProperties } from 'react';
import { cx } from './cx.js';

export interface SkeletonProps extends ComponentPropsWithRef<'span'> {
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  shape?: 'rect' | 'text' | 'circle';
}

/** A placeholder block (hidden from assistive technology: mark the loading region `aria-busy`). DOM props and `ref` go to its `span`. */
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

export interface SkeletonTextProps extends ComponentPropsWithRef<'span'> {
  lines?: number;
}

/** `lines` text-height skeletons, the last one shorter. DOM props and `ref` go to the wrapping `span`. */
export function SkeletonText({ lines = 3, className, ...rest }: SkeletonTextProps) {
  return (
    <span {...rest} className={cx('ek-skeleton-text', className)} aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} shape="text" width={i === lines - 1 && lines > 1 ? '60%' : '100%'} />
      ))}
    </span>
  );
}
