import type { ComponentPropsWithRef } from 'react';
import * as SelectPrimitive from '@radix-ui/react-select';
import { cx } from './cx.js';
import { useField } from './field.js';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends Omit<
  ComponentPropsWithRef<'button'>,
  'value' | 'defaultValue' | 'children' | 'type' | 'dir'
> {
  options: readonly SelectOption[];
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  placeholder?: string;
  disabled?: boolean;
  required?: boolean;
  invalid?: boolean;
  /** Submitted with forms under this name. */
  name?: string;
  id?: string;
  /** Accessible name when the select is not inside a `<Field>`. */
  'aria-label'?: string;
  'aria-describedby'?: string;
  className?: string;
}

/**
 * A listbox select (Radix): arrow keys, Home/End, typeahead, Esc; the trigger is a `combobox`.
 * DOM props and `ref` go to the trigger `button` (the element in the page; the listbox is a portal).
 */
export function Select({
  options,
  placeholder = 'Select…',
  className,
  id,
  invalid,
  'aria-label': ariaLabel,
  'aria-describedby': describedBy,
  value,
  defaultValue,
  onValueChange,
  open,
  defaultOpen,
  onOpenChange,
  disabled,
  required,
  name,
  ...rest
}: SelectProps) {
  const field = useField({ id, 'aria-describedby': describedBy, invalid });
  const root = { value, defaultValue, onValueChange, open, defaultOpen, onOpenChange, disabled, required, name };
  return (
    <SelectPrimitive.Root {...root}>
      <SelectPrimitive.Trigger
        {...rest}
        {...field}
        aria-label={ariaLabel}
        className={cx('ek-input', 'ek-select', className)}
      >
        <SelectPrimitive.Value placeholder={placeholder} />
        <SelectPrimitive.Icon className="ek-select__icon" aria-hidden="true">
          ▾
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content className="ek-popover ek-select__content" position="popper" sideOffset={4}>
          <SelectPrimitive.Viewport className="ek-select__viewport">
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                disabled={option.disabled}
                className="ek-menu__item"
              >
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
                <SelectPrimitive.ItemIndicator className="ek-menu__indicator" aria-hidden="true">
                  ✓
                </SelectPrimitive.ItemIndicator>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
