import type { ButtonHTMLAttributes, MouseEvent, Ref } from 'react';
import { cx } from './cx.js';
import { Spinner } from './spinner.js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'link';
export type ButtonSize = 'sm' | 'md' | 'lg';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner, sets `aria-busy` and ignores clicks while keeping focus on the button. */
  loading?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/** A button (`type="button"` by default); DOM props and `ref` go to its `button`. */
export function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  type = 'button',
  className,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={cx('ek-button', `ek-button--${variant}`, `ek-button--${size}`, className)}
      aria-busy={loading || undefined}
      aria-disabled={loading || rest['aria-disabled'] || undefined}
      onClick={(event: MouseEvent<HTMLButtonElement>) => {
        if (loading) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    >
      {loading && <Spinner size="sm" decorative />}
      {children}
    </button>
  );
}
