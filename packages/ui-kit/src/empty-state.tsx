import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './cx.js';

export interface EmptyStateProps extends Omit<ComponentPropsWithRef<'div'>, 'title'> {
  title: ReactNode;
  description?: ReactNode;
  /** Decorative icon or illustration (hidden from assistive technology). */
  icon?: ReactNode;
  /** E.g. a `<Button>` to create the first item. */
  action?: ReactNode;
  headingLevel?: 2 | 3 | 4;
}

/** A heading, description and action for an empty list; DOM props and `ref` go to the root `div`. */
export function EmptyState({
  title,
  description,
  icon,
  action,
  headingLevel = 3,
  className,
  ...rest
}: EmptyStateProps) {
  const H = `h${headingLevel}` as const;
  return (
    <div {...rest} className={cx('ek-empty', className)}>
      {icon && (
        <div className="ek-empty__icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <H className="ek-empty__title">{title}</H>
      {description && <p className="ek-empty__description">{description}</p>}
      {action && <div className="ek-empty__action">{action}</div>}
    </div>
  );
}
