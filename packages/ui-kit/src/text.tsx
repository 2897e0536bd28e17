import type { ComponentPropsWithRef, HTMLAttributes, Ref } from 'react';
import { cx } from './cx.js';

export interface TextProps extends HTMLAttributes<HTMLElement> {
  ref?: Ref<HTMLElement>;
  as?: 'p' | 'span' | 'div' | 'small' | 'strong';
  size?: 'sm' | 'md' | 'lg';
  tone?: 'default' | 'muted' | 'danger' | 'success' | 'warning';
  weight?: 'normal' | 'medium' | 'bold';
  mono?: boolean;
}

/** Body text; DOM props and `ref` go to the element named by `as` (default `p`). */
export function Text({ as = 'p', size = 'md', tone = 'default', weight, mono, className, ...rest }: TextProps) {
  // A union of tags would be checked against each tag's ref type; every `as` tag is an HTMLElement.
  const As = as as 'span';
  return (
    <As
      {...rest}
      className={cx(
        'ek-text',
        `ek-text--${size}`,
        tone !== 'default' && `ek-text--${tone}`,
        weight && `ek-text--${weight}`,
        mono && 'ek-text--mono',
        className,
      )}
    />
  );
}

export interface HeadingProps extends ComponentPropsWithRef<'h2'> {
  level?: 1 | 2 | 3 | 4 | 5 | 6;
  /** Visual size, independent of the level (default: from the level). */
  size?: 'sm' | 'md' | 'lg' | 'xl';
}

const SIZE_OF_LEVEL = { 1: 'xl', 2: 'lg', 3: 'md', 4: 'sm', 5: 'sm', 6: 'sm' } as const;

/** A heading `h1`…`h6`; DOM props and `ref` go to it. */
export function Heading({ level = 2, size, className, ...rest }: HeadingProps) {
  const H = `h${level}` as const;
  return <H {...rest} className={cx('ek-heading', `ek-heading--${size ?? SIZE_OF_LEVEL[level]}`, className)} />;
}
