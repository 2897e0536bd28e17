// What the host page's frames share: a navigation guard while a frame has unsaved changes.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ExtensionFrameHandle } from '@extsys/react-host';
import { addNavigationGuard } from '../router.js';

/**
 * While the frame says it has unsaved changes (`onDirtyChange`), host navigation first asks it to
 * leave: `leave('navigate')` asks the user, then lets the page flush its state; false keeps the
 * host page where it is. Pass `ref` and `onDirtyChange` to the frame.
 */
export function useLeaveGuard(): {
  ref: RefObject<ExtensionFrameHandle | null>;
  dirty: boolean;
  onDirtyChange: (dirty: boolean) => void;
} {
  const ref = useRef<ExtensionFrameHandle>(null);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) return undefined;
    return addNavigationGuard(async () => (await ref.current?.leave('navigate')) ?? true);
  }, [dirty]);
  return { ref, dirty, onDirtyChange: setDirty };
}
