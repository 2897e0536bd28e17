import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx.js';

export type Space = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface StackProps extends ComponentPropsWithRef<'div'> {
  /** Gap from the theme's spacing scale (`--ext-space-N`). */
  gap?: Space;
  align?: 'start' | 'center' | 'end' | 'stretch' | 'baseline';
  justify?: 'start' | 'center' | 'end' | 'between';
  direction?: 'column' | 'row';
  wrap?: boolean;
}

/** Lays children out in a column (default) with a theme gap; DOM props and `ref` go to its `div`. */
export function Stack({ gap = 3, align, justify, direction = 'column', wrap, className, ...rest }: StackProps) {
  return (
    <div
      {...rest}
      className={cx(
        'ek-stack',
        `ek-stack--${direction}`,
        `ek-gap-${gap}`,
        align && `ek-align-${align}`,
        justify && `ek-justify-${justify}`,
        wrap && 'ek-stack--wrap',
        className,
      )}
    />
  );
}

/** A wrapping row with a theme gap, items centred vertically (a `Stack`: DOM props and `ref` go to its `div`). */
export function Inline({ gap = 2, align = 'center', ...rest }: Omit<StackProps, 'direction'>) {
  return <Stack direction="row" wrap gap={gap} align={align} {...rest} />;
}
