import type { HTMLAttributes } from 'react';
import { cx } from './cx.js';

export interface TextProps extends HTMLAttributes<HTMLElement> {
  as?: 'p' | 'span' | 'div' | 'small' | 'strong';
  size?: 'sm' | 'md' | 'lg';
  tone?: 'default' | 'muted' | 'danger' | 'success' | 'warning';
  weight?: 'normal' | 'medium' | 'bold';
  mono?: boolean;
}

export function Text({ as: As = 'p', size = 'md', tone = 'default', weight, mono, className, ...rest }: TextProps) {
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

export interface HeadingProps extends HTMLAttributes<HTMLHeadingElement> {
  level?: 1 | 2 | 3 | 4 | 5 | 6;
  /** Visual size, independent of the level (default: from the level). */
  size?: 'sm' | 'md' | 'lg' | 'xl';
}

const SIZE_OF_LEVEL = { 1: 'xl', 2: 'lg', 3: 'md', 4: 'sm', 5: 'sm', 6: 'sm' } as const;

export function Heading({ level = 2, size, className, ...rest }: HeadingProps) {
  const H = `h${level}` as const;
  return <H {...rest} className={cx('ek-heading', `ek-heading--${size ?? SIZE_OF_LEVEL[level]}`, className)} />;
}
