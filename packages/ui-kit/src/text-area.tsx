import type { Ref, TextareaHTMLAttributes } from 'react';
import { cx } from './cx.js';
import { useField } from './field.js';

export interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  invalid?: boolean;
  ref?: Ref<HTMLTextAreaElement>;
}

/** A textarea that reads `<Field>`; DOM props and `ref` go to it (`aria-describedby` is merged). */
export function TextArea({
  invalid,
  className,
  id,
  'aria-describedby': describedBy,
  rows = 4,
  ...rest
}: TextAreaProps) {
  const field = useField({ id, 'aria-describedby': describedBy, invalid });
  return <textarea {...rest} {...field} rows={rows} className={cx('ek-input', 'ek-textarea', className)} />;
}
