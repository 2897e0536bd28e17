import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../router.js';

/** An in-app link: a real `<a href>` (new tab, copy link work), routed without a page load. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
