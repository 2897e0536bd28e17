import type { ComponentPropsWithRef, MouseEvent, ReactNode } from 'react';
import { cx } from './cx.js';

export interface BreadcrumbItem {
  label: ReactNode;
  href?: string;
  onClick?: (event: MouseEvent<HTMLAnchorElement>) => void;
}

export interface BreadcrumbsProps extends Omit<ComponentPropsWithRef<'nav'>, 'children'> {
  items: readonly BreadcrumbItem[];
  /** Accessible name of the navigation landmark; default "Breadcrumb". */
  label?: string;
}

/** `nav` > `ol` of links; the last item is the current page (`aria-current="page"`).
 * DOM props and `ref` go to the `nav`. */
export function Breadcrumbs({ items, label = 'Breadcrumb', className, ...rest }: BreadcrumbsProps) {
  return (
    <nav {...rest} aria-label={label} className={cx('ek-breadcrumbs', className)}>
      <ol className="ek-breadcrumbs__list">
        {items.map((item, index) => {
          const current = index === items.length - 1;
          return (
            <li key={index} className="ek-breadcrumbs__item">
              {current ? (
                <span aria-current="page" className="ek-breadcrumbs__current">
                  {item.label}
                </span>
              ) : (
                <a href={item.href ?? '#'} onClick={item.onClick} className="ek-link">
                  {item.label}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
