import type { InputHTMLAttributes, Ref } from 'react';
import { cx } from './cx.js';
import { useField } from './field.js';

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  invalid?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function Input({ invalid, className, id, 'aria-describedby': describedBy, ...rest }: InputProps) {
  const field = useField({ id, 'aria-describedby': describedBy, invalid });
  return <input {...rest} {...field} required={rest.required} className={cx('ek-input', className)} />;
}
