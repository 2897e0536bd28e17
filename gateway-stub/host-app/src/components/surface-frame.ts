// What the host page's frames (pages and panels) share: their token source, the host UI services
// they are lent, and a navigation guard while one has unsaved changes.
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { HostServices } from '@extsys/host-bridge';
import type { ExtensionFrameHandle } from '@extsys/react-host';
import { api } from '../api.js';
import { reportFrameEvent } from '../dev-events.js';
import { askConfirm, showToast } from '../host-ui.js';
import { addNavigationGuard } from '../router.js';

/** Tokens for this user's install of the extension, minted by the gateway (and shown to `extsys dev`). */
export function useFrameToken(extensionId: string) {
  return useCallback(async () => {
    const grant = await api.extensionToken(extensionId);
    reportFrameEvent(extensionId, 'token');
    return { token: grant.token, ttlMs: grant.ttlMs };
  }, [extensionId]);
}

/** The host's toast and confirm, titled with the extension's name; a page also sets the title. */
export function useFrameServices(title: string, setTitle?: (title: string) => void): HostServices {
  return useMemo<HostServices>(
    () => ({
      toast: (request) => showToast(request, title),
      confirm: (request) => askConfirm(request, title),
      ...(setTitle && { setTitle }),
    }),
    [title, setTitle],
  );
}

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
