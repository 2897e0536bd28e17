import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './cx.js';

export type Tone = 'info' | 'success' | 'warning' | 'danger';

export interface AlertProps extends Omit<ComponentPropsWithRef<'div'>, 'title'> {
  tone?: Tone;
  title?: ReactNode;
  /** Shows a dismiss button. */
  onDismiss?: () => void;
}

/** An inline message. `danger` and `warning` are announced at once (`role="alert"`), others politely.
 * DOM props and `ref` go to the root `div`. */
export function Alert({ tone = 'info', title, onDismiss, className, children, ...rest }: AlertProps) {
  return (
    <div
      role={tone === 'danger' || tone === 'warning' ? 'alert' : 'status'}
      {...rest}
      className={cx('ek-alert', `ek-alert--${tone}`, className)}
    >
      <div className="ek-alert__content">
        {title && <p className="ek-alert__title">{title}</p>}
        {children && <div className="ek-alert__body">{children}</div>}
      </div>
      {onDismiss && (
        <button type="button" className="ek-alert__dismiss" aria-label="Dismiss" onClick={onDismiss}>
          <span aria-hidden="true">×</span>
        </button>
      )}
    </div>
  );
}
