import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { cx } from './cx.js';
import type { ButtonSize, ButtonVariant } from './button.js';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  /** Accessible name (required: the button shows only an icon). */
  label: string;
  icon: ReactNode;
  variant?: Exclude<ButtonVariant, 'link'>;
  size?: ButtonSize;
  ref?: Ref<HTMLButtonElement>;
}

/** A button showing only an icon, named by `label`; DOM props and `ref` go to its `button`. */
export function IconButton({
  label,
  icon,
  variant = 'ghost',
  size = 'md',
  type = 'button',
  className,
  ...rest
}: IconButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      aria-label={label}
      className={cx('ek-button', 'ek-icon-button', `ek-button--${variant}`, `ek-button--${size}`, className)}
    >
      <span aria-hidden="true" className="ek-icon-button__icon">
        {icon}
      </span>
    </button>
  );
}
