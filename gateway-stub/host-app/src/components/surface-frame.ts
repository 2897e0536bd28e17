// What the host page's frames share for the surfaces of #15: a navigation guard while a frame has
// unsaved changes, and (until the React host's half is merged) the typed frame component.
import { useEffect, useRef, useState, type ComponentType, type Ref, type RefObject } from 'react';
import { ExtensionFrame, type ExtensionFrameProps } from '@extsys/react-host';
import type { HostSubject } from '@extsys/protocol/bridge';
import { addNavigationGuard } from '../router.js';
import type { GatewayViewStateStore } from '../view-state-store.js';

/**
 * While the frame says it has unsaved changes (`onDirtyChange`), host navigation first asks it to
 * leave: `leave('navigate')` asks the user, then lets the page flush its state; false keeps the
 * host page where it is. Pass `ref` and `onDirtyChange` to the frame.
 */
export function useLeaveGuard(): {
  ref: RefObject<SurfaceFrameHandle | null>;
  dirty: boolean;
  onDirtyChange: (dirty: boolean) => void;
} {
  const ref = useRef<SurfaceFrameHandle>(null);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) return undefined;
    return addNavigationGuard(async () => (await ref.current?.leave('navigate')) ?? true);
  }, [dirty]);
  return { ref, dirty, onDirtyChange: setDirty };
}

// TODO(surfaces-dom merge): delete from here to the end of the file, render <ExtensionFrame> where
// <SurfaceFrame> is used, and type `ref` above with react-host's own handle type. These are the
// props and the handle the host bridge/React host helper is adding (the agreed surfaces API);
// until their branch is merged ExtensionFrame ignores them at runtime (a panel mounts the default
// entry point, view state stays in the bridge's memory, no frame ever reports itself dirty), and
// this cast keeps the host page's typecheck green.
export interface SurfaceFrameHandle {
  leave(reason?: 'navigate' | 'close' | 'unmount'): Promise<boolean>;
}
export interface SurfaceFrameProps extends ExtensionFrameProps {
  ref?: Ref<SurfaceFrameHandle>;
  entryPoint?: string;
  subject?: HostSubject;
  viewState?: GatewayViewStateStore;
  onDirtyChange?: (dirty: boolean) => void;
}
export const SurfaceFrame = ExtensionFrame as unknown as ComponentType<SurfaceFrameProps>;
