import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx } from './cx.js';

export interface CardProps extends Omit<ComponentPropsWithRef<'section'>, 'title'> {
  /** A heading (level 3 by default); the card becomes a labelled region. */
  title?: ReactNode;
  headingLevel?: 2 | 3 | 4;
  actions?: ReactNode;
  footer?: ReactNode;
}

/** A card; DOM props and `ref` go to its root `section` (`aria-labelledby` is its title's when it has one). */
export function Card({ title, headingLevel = 3, actions, footer, className, children, ...rest }: CardProps) {
  const id = useId();
  const H = `h${headingLevel}` as const;
  return (
    <section {...rest} aria-labelledby={title ? id : rest['aria-labelledby']} className={cx('ek-card', className)}>
      {(title || actions) && (
        <header className="ek-card__header">
          {title && (
            <H id={id} className="ek-card__title">
              {title}
            </H>
          )}
          {actions && <div className="ek-card__actions">{actions}</div>}
        </header>
      )}
      <div className="ek-card__body">{children}</div>
      {footer && <footer className="ek-card__footer">{footer}</footer>}
    </section>
  );
}
