import { useRef } from 'react';

/**
 * Radix returns focus to its Trigger on close; a dialog opened from elsewhere (controlled `open`,
 * no trigger) would leave focus on <body>. These handlers remember the element focused at open
 * time and give focus back to it on close.
 */
export function useRestoreFocus(onOpen?: (event: Event) => void) {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus(event: Event) {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
      onOpen?.(event);
    },
    onCloseAutoFocus(event: Event) {
      const target = opener.current;
      opener.current = null;
      if (target?.isConnected) {
        event.preventDefault();
        target.focus();
      }
    },
  };
}
