import type { HostServices } from './host-services.js';
import type { Logger } from './logger.js';
import type { UnmountReason } from './session/lifecycle.js';

/** What `confirmLeave` is asked about: a page with unsaved changes the host is about to take away. */
export interface LeaveInfo {
  extensionId: string;
  /** The extension's display name. */
  title: string;
  entryPoint: string;
  reason: UnmountReason;
}

/** Resolves true when the user agrees to lose the page's unsaved changes. */
export type ConfirmLeave = (info: LeaveInfo) => boolean | Promise<boolean>;

/** The default question: the host's own confirm dialog when it lent one, else the browser's. */
export function defaultConfirmLeave(services: HostServices, win: Window | undefined): ConfirmLeave {
  return async (info) => {
    const message = `${info.title} has unsaved changes. Leave anyway?`;
    if (services.confirm) {
      const answer = await services.confirm({
        title: 'Unsaved changes',
        message,
        confirmLabel: 'Leave',
        cancelLabel: 'Stay',
        tone: 'danger',
        extensionId: info.extensionId,
      });
      return answer.confirmed === true;
    }
    return win?.confirm(message) ?? true;
  };
}

/** The guard of one mount: asks before a dirty page goes, and keeps the browser's own question armed while it is dirty. */
export interface LeaveGuard {
  /** The page's dirty flag changed: arms or disarms `beforeunload`. */
  dirtyChanged(dirty: boolean): void;
  /** Resolves false when the user chose to stay; true once the page was told (bounded) and may go. */
  leave(reason: UnmountReason): Promise<boolean>;
  dispose(): void;
}

export function createLeaveGuard(options: {
  win: Window | undefined;
  info: Omit<LeaveInfo, 'reason'>;
  /** Whether this page, or a modal it opened, has unsaved changes now. */
  dirty: () => boolean;
  confirm: ConfirmLeave;
  /** Tells the page (and its open modals) it is going, within the grace time; never rejects. */
  beforeUnmount: (reason: UnmountReason) => Promise<void>;
  logger: Logger;
  tag: string;
}): LeaveGuard {
  const { win } = options;
  let armed = false;
  // Only registered while dirty: an idle `beforeunload` listener disables the back/forward cache.
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older browsers show their question only when returnValue is set.
    event.returnValue = '';
  };
  const arm = (on: boolean) => {
    if (on === armed || !win) return;
    armed = on;
    if (on) win.addEventListener('beforeunload', onBeforeUnload);
    else win.removeEventListener('beforeunload', onBeforeUnload);
  };
  return {
    dirtyChanged: arm,
    async leave(reason) {
      if (options.dirty()) {
        let agreed: boolean;
        try {
          agreed = (await options.confirm({ ...options.info, reason })) === true;
        } catch (error) {
          // A broken dialog must not throw away the user's work: stay.
          options.logger.error(`${options.tag}: confirmLeave failed; staying on the page`, error);
          agreed = false;
        }
        if (!agreed) return false;
      }
      await options.beforeUnmount(reason);
      return true;
    },
    dispose: () => arm(false),
  };
}
