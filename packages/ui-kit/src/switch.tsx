import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import * as SwitchPrimitive from '@radix-ui/react-switch';
import { cx } from './cx.js';

export interface SwitchProps extends Omit<
  ComponentPropsWithRef<'button'>,
  'checked' | 'defaultChecked' | 'value' | 'children' | 'type'
> {
  label: ReactNode;
  checked?: boolean;
  defaultChecked?: boolean;
  onCheckedChange?: (checked: boolean) => void;
  disabled?: boolean;
  name?: string;
  id?: string;
  /** Classes of the wrapping `span` (switch + label). */
  className?: string;
}

/**
 * An on/off switch (Radix, `role="switch"`): Space or Enter toggles. DOM props and `ref` go to the
 * switch control (the `button`), as with Radix's Switch; `className` styles the wrapping `span`.
 */
export function Switch({ label, id, className, ...rest }: SwitchProps) {
  const generated = useId();
  const controlId = id ?? generated;
  return (
    <span className={cx('ek-choice', className)}>
      <SwitchPrimitive.Root {...rest} id={controlId} className="ek-switch">
        <SwitchPrimitive.Thumb className="ek-switch__thumb" />
      </SwitchPrimitive.Root>
      <label htmlFor={controlId} className="ek-choice__label">
        {label}
      </label>
    </span>
  );
}
