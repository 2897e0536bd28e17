import type { InputHTMLAttributes, Ref } from 'react';
import { cx } from './cx.js';
import { useField } from './field.js';

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  invalid?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A text input that reads `<Field>`; DOM props and `ref` go to its `input` (`aria-describedby` is merged). */
export function Input({ invalid, className, id, 'aria-describedby': describedBy, ...rest }: InputProps) {
  const field = useField({ id, 'aria-describedby': describedBy, invalid });
  return <input {...rest} {...field} required={rest.required} className={cx('ek-input', className)} />;
}
