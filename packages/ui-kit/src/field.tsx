import { createContext, useContext, useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx } from './cx.js';

interface FieldContextValue {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
}
const FieldContext = createContext<FieldContextValue | undefined>(undefined);

/** The id, `aria-describedby` and validity a control inside a `<Field>` takes. */
export function useField(props: {
  id?: string | undefined;
  'aria-describedby'?: string | undefined;
  invalid?: boolean | undefined;
}) {
  const field = useContext(FieldContext);
  const describedBy = [field?.describedBy, props['aria-describedby']].filter(Boolean).join(' ') || undefined;
  const invalid = props.invalid ?? field?.invalid ?? false;
  return {
    id: props.id ?? field?.id,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'aria-required': field?.required || undefined,
  };
}

export interface LabelProps extends ComponentPropsWithRef<'label'> {
  required?: boolean;
}

/** A form label (`*` when `required`); DOM props and `ref` go to its `label`. */
export function Label({ required, className, children, ...rest }: LabelProps) {
  return (
    <label {...rest} className={cx('ek-label', className)}>
      {children}
      {required && (
        <span aria-hidden="true" className="ek-label__required">
          {' *'}
        </span>
      )}
    </label>
  );
}

export interface FieldProps extends Omit<ComponentPropsWithRef<'div'>, 'id' | 'children'> {
  label: ReactNode;
  /** Shown under the control and linked with `aria-describedby`; marks the control invalid. */
  error?: ReactNode;
  help?: ReactNode;
  required?: boolean;
  /** The control's id; default a generated one. */
  id?: string;
  className?: string;
  children: ReactNode;
}

/** A label, a control (Input, TextArea, Select… read the ids from context), help and error text.
 * `id` is the control's; the other DOM props and `ref` go to the root `div`. */
export function Field({ label, error, help, required = false, id, className, children, ...rest }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `${generated}-control`;
  const helpId = help ? `${generated}-help` : undefined;
  const errorId = error ? `${generated}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <FieldContext.Provider value={{ id: controlId, describedBy, invalid: Boolean(error), required }}>
      <div {...rest} className={cx('ek-field', className)}>
        <Label htmlFor={controlId} required={required}>
          {label}
        </Label>
        {children}
        {help && (
          <p id={helpId} className="ek-field__help">
            {help}
          </p>
        )}
        {error && (
          <p id={errorId} className="ek-field__error">
            {error}
          </p>
        )}
      </div>
    </FieldContext.Provider>
  );
}
