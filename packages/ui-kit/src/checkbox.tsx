import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import * as CheckboxPrimitive from '@radix-ui/react-checkbox';
import { cx } from './cx.js';

export interface CheckboxProps extends Omit<
  ComponentPropsWithRef<'button'>,
  'checked' | 'defaultChecked' | 'value' | 'children' | 'type'
> {
  label?: ReactNode;
  checked?: boolean | 'indeterminate';
  defaultChecked?: boolean | 'indeterminate';
  onCheckedChange?: (checked: boolean | 'indeterminate') => void;
  disabled?: boolean;
  required?: boolean;
  name?: string;
  value?: string;
  id?: string;
  /** Accessible name when there is no visible `label`. */
  'aria-label'?: string;
  /** Classes of the wrapping `span` (checkbox + label). */
  className?: string;
}

/**
 * A tri-state checkbox (Radix): Space toggles, `aria-checked` is `true`, `false` or `mixed`.
 * DOM props and `ref` go to the checkbox control (the `button` with `role="checkbox"`), as with
 * Radix's Checkbox; `className` styles the wrapping `span` that also holds the label.
 */
export function Checkbox({ label, id, className, ...rest }: CheckboxProps) {
  const generated = useId();
  const controlId = id ?? generated;
  return (
    <span className={cx('ek-choice', className)}>
      <CheckboxPrimitive.Root {...rest} id={controlId} className="ek-checkbox">
        <CheckboxPrimitive.Indicator className="ek-checkbox__indicator" aria-hidden="true">
          {rest.checked === 'indeterminate' ? '–' : '✓'}
        </CheckboxPrimitive.Indicator>
      </CheckboxPrimitive.Root>
      {label && (
        <label htmlFor={controlId} className="ek-choice__label">
          {label}
        </label>
      )}
    </span>
  );
}
