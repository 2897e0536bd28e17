import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import * as RadioGroupPrimitive from '@radix-ui/react-radio-group';
import { cx } from './cx.js';

export interface RadioOption {
  value: string;
  label: ReactNode;
  disabled?: boolean;
}

export interface RadioGroupProps extends Omit<ComponentPropsWithRef<'div'>, 'defaultValue' | 'dir' | 'children'> {
  /** The group's visible label (its accessible name). */
  label: ReactNode;
  options: readonly RadioOption[];
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  orientation?: 'horizontal' | 'vertical';
  disabled?: boolean;
  required?: boolean;
  name?: string;
  /** Classes of the wrapping `div` (label + group). */
  className?: string;
}

/**
 * A radio group (Radix): one tab stop, arrow keys move and select. DOM props and `ref` go to the
 * `radiogroup` element, as with Radix's RadioGroup; `className` styles the wrapping `div` that
 * also holds the visible label.
 */
export function RadioGroup({ label, options, className, orientation = 'vertical', ...rest }: RadioGroupProps) {
  const id = useId();
  return (
    <div className={cx('ek-radio-group', className)}>
      <div id={`${id}-label`} className="ek-label">
        {label}
      </div>
      <RadioGroupPrimitive.Root
        {...rest}
        orientation={orientation}
        aria-labelledby={`${id}-label`}
        className={cx('ek-radio-group__items', `ek-radio-group__items--${orientation}`)}
      >
        {options.map((option, index) => (
          <span className="ek-choice" key={option.value}>
            <RadioGroupPrimitive.Item
              id={`${id}-${index}`}
              value={option.value}
              disabled={option.disabled}
              className="ek-radio"
            >
              <RadioGroupPrimitive.Indicator className="ek-radio__indicator" />
            </RadioGroupPrimitive.Item>
            <label htmlFor={`${id}-${index}`} className="ek-choice__label">
              {option.label}
            </label>
          </span>
        ))}
      </RadioGroupPrimitive.Root>
    </div>
  );
}
