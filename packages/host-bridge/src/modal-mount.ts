import type { ContextChange, EntryContext, JsonValue, Theme } from '@extsys/protocol/bridge';
import type { ModalOutcome, OpenModalRequest } from '@extsys/protocol/host-methods';
import type { EntryPoint } from '@extsys/protocol/manifest';
import type { BootstrapOptions, BridgeHandle } from './bootstrap-options.js';
import { asHostBridgeError, HostBridgeError } from './errors.js';
import { findEntryPoint } from './entry-point.js';
import { deriveExtUiSrc } from './ext-ui-src.js';
import type { ModalPresenter } from './modal-presenter.js';
import type { UnmountReason } from './session/lifecycle.js';

/** What the bridge adds to a mount that shows a modal (never set by a host). */
export interface NestedMount {
  entry: EntryContext & { target: 'modal' };
  /** The modal's page called `closeView(result)`. */
  closed(result: JsonValue | undefined): void;
  /** The modal's page asked to be dismissed (Esc inside it): the same as the dialog's own close. */
  dismiss(): void;
}

/** One mounted frame, with what the bridge needs of the modals it opened. */
export interface FrameMount {
  handle: BridgeHandle;
  /** This page or a modal it opened (at any depth) has unsaved changes. */
  treeDirty(): boolean;
  /** `beforeUnmount` to this page and its open modals, each bounded by the grace time. */
  beforeUnmountTree(reason: UnmountReason): Promise<void>;
}

/** The opener's side of `openModal`. */
export interface ModalOpener {
  options: BootstrapOptions;
  points: readonly EntryPoint[];
  presenter: ModalPresenter;
  /** The opener's current theme and context fields (a modal opens with what the opener has now). */
  theme(): Theme;
  fields(): ContextChange;
  mount(options: BootstrapOptions, nested: NestedMount): FrameMount;
  /** The opener's `error` and `message-rejected` events: a modal's are reported where the host listens. */
  forward(handle: BridgeHandle): void;
  /** The set of the opener's open modals: emptied (each dismissed at once) when the opener is destroyed. */
  open: Set<OpenModal>;
}

export interface OpenModal {
  mount: FrameMount | undefined;
  /** Ends the modal now (the opener is going): no question, no wait. */
  dismissNow(): void;
}

/**
 * `openModal` of one mount: a dialog from the presenter and a new mount of the same bundle inside
 * it (own nonce, own session, same sandbox) whose entry context carries the opener's `context`
 * and depth. The result and the input travel through that mount's own handshake and `closeView`,
 * so a page slow to load loses nothing. Resolves with how it ended.
 */
export function openModalMount(opener: ModalOpener, request: OpenModalRequest, depth: number): Promise<ModalOutcome> {
  const { options } = opener;
  const { extension, iframe } = options;
  const point = findEntryPoint(opener.points, request.entryPoint);
  if (!point || point.target !== 'modal') {
    const modals = opener.points.filter((p) => p.target === 'modal').map((p) => `"${p.id}"`);
    throw new HostBridgeError(
      'not_found',
      `openModal: ${point ? `entry point "${point.id}" is a ${point.target}, not a modal` : `the manifest has no entry point "${request.entryPoint}"`}; its modals: ${modals.join(', ') || 'none'}`,
    );
  }
  const { src, nonce } = deriveExtUiSrc(
    iframe.getAttribute('src') ?? '',
    iframe.ownerDocument.baseURI,
    extension.id,
    extension.contentHash,
    { path: request.path ?? point.path, mode: opener.theme().mode },
  );

  return new Promise<ModalOutcome>((resolve) => {
    let settled = false;
    const modal: OpenModal = { mount: undefined, dismissNow: () => finish({ dismissed: true }, true) };
    const presented = opener.presenter.open({
      title: request.title ?? point.label,
      size: request.size,
      extensionId: extension.id,
      entryPoint: point.id,
      depth,
      opener: iframe,
      requestDismiss,
    });
    function requestDismiss() {
      if (settled) return;
      // Asks when dirty (the user may stay: nothing happens) and lets the page finish, bounded.
      void modal.mount?.handle.leave('close').then((leave) => leave && finish({ dismissed: true }, false));
    }
    function finish(outcome: ModalOutcome, now: boolean) {
      if (settled) return;
      settled = true;
      opener.open.delete(modal);
      resolve(outcome);
      const teardown = () => {
        modal.mount?.handle.destroy();
        presented.close();
      };
      // After closeView, the modal's own call is answered first; the frame goes on the next task.
      if (now) teardown();
      else setTimeout(teardown, 0);
    }

    const frame = iframe.ownerDocument.createElement('iframe');
    // The opener's sandbox, set before src: the modal's first document is sandboxed alike.
    const sandbox = iframe.getAttribute('sandbox');
    if (sandbox !== null) frame.setAttribute('sandbox', sandbox);
    frame.style.cssText = 'display:block;flex:1;width:100%;height:100%;border:0';
    frame.title = `${extension.title}: ${request.title ?? point.label}`;
    frame.src = src;
    presented.container.append(frame);
    // Keyboard focus goes into the page, not to the dialog's first control (its close button).
    frame.focus({ preventScroll: true });
    const fields = opener.fields();
    try {
      modal.mount = opener.mount(
        {
          ...options,
          iframe: frame,
          nonce,
          theme: opener.theme(),
          ...fields,
          initialPath: request.path ?? point.path,
          entryPoint: undefined,
          subject: undefined,
          // The host's router and layout follow its pages, not a dialog's.
          onNavigate: undefined,
          onResize: undefined,
        },
        {
          entry: {
            target: 'modal',
            id: point.id,
            depth,
            ...(request.context === undefined ? {} : { input: request.context }),
          },
          closed: (result) =>
            finish(result === undefined ? { dismissed: false } : { dismissed: false, value: result }, false),
          dismiss: requestDismiss,
        },
      );
    } catch (error) {
      settled = true;
      presented.close();
      throw asHostBridgeError(error, 'internal', 'openModal');
    }
    opener.forward(modal.mount.handle);
    opener.open.add(modal);
  });
}
