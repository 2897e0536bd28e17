import type { ModalSize } from '@extsys/protocol/bridge';

/** What the bridge asks a presenter to show: one modal of an extension. */
export interface ModalPresentation {
  /** The dialog's visible title and accessible name (the request's, else the entry point's label). */
  title: string;
  size: ModalSize;
  extensionId: string;
  entryPoint: string;
  /** 1 for a modal opened by a page or panel, 2 for one opened by a modal. */
  depth: number;
  /** The frame that opened it: focus goes back there when the modal closes. */
  opener: HTMLIFrameElement;
  /**
   * The user asked to close it (Esc, the close button, a click outside): call it and keep the
   * dialog open; the bridge asks about unsaved changes, lets the page finish, then calls `close()`.
   */
  requestDismiss(): void;
}

/** A dialog on screen. */
export interface PresentedModal {
  /** Where the bridge puts the modal's iframe, then focuses it (sized by the presenter: the frame fills it). */
  container: HTMLElement;
  /** Removes the dialog and returns focus to the opener; called once. */
  close(): void;
}

/**
 * How modals are shown. The default is `createDialogPresenter()` (a native `<dialog>`); a React
 * host app may render its own and hand the bridge the element to mount the frame in.
 */
export interface ModalPresenter {
  open(presentation: ModalPresentation): PresentedModal;
}

const SIZES: Record<ModalSize, string> = {
  small: 'width:min(420px,calc(100vw - 32px));height:min(360px,calc(100vh - 32px))',
  medium: 'width:min(640px,calc(100vw - 32px));height:min(560px,calc(100vh - 32px))',
  large: 'width:min(960px,calc(100vw - 32px));height:min(760px,calc(100vh - 32px))',
  fullscreen: 'width:100vw;height:100vh;max-width:none;max-height:none;margin:0',
};

let dialogs = 0;

/**
 * The default presenter: a native `<dialog>` opened with `showModal()`, so the browser makes the
 * rest of the page inert (the focus trap) and puts it in the top layer; labelled by its visible
 * title, with a close button and Esc. Style it with the classes `extsys-modal`,
 * `extsys-modal--{size}`, `extsys-modal__header`, `__title`, `__close`, `__body`.
 */
export function createDialogPresenter(options: { document?: Document } = {}): ModalPresenter {
  return {
    open(presentation) {
      const doc = options.document ?? presentation.opener.ownerDocument;
      const previous = doc.activeElement;
      const id = `extsys-modal-${++dialogs}`;
      const dialog = doc.createElement('dialog');
      dialog.className = `extsys-modal extsys-modal--${presentation.size}`;
      dialog.setAttribute('aria-labelledby', `${id}-title`);
      dialog.style.cssText = `${SIZES[presentation.size]};padding:0;border:0;display:flex;flex-direction:column`;
      const header = doc.createElement('div');
      header.className = 'extsys-modal__header';
      header.style.cssText = 'display:flex;align-items:center;gap:8px;padding:8px 12px';
      const title = doc.createElement('h2');
      title.id = `${id}-title`;
      title.className = 'extsys-modal__title';
      title.style.cssText = 'flex:1;margin:0;font-size:1rem';
      title.textContent = presentation.title;
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'extsys-modal__close';
      button.setAttribute('aria-label', 'Close');
      button.textContent = '×';
      const body = doc.createElement('div');
      body.className = 'extsys-modal__body';
      body.style.cssText = 'flex:1;min-height:0;display:flex';
      header.append(title, button);
      dialog.append(header, body);
      // Esc fires `cancel`: held open so the bridge can ask about unsaved changes first.
      const onCancel = (event: Event) => {
        event.preventDefault();
        presentation.requestDismiss();
      };
      dialog.addEventListener('cancel', onCancel);
      button.addEventListener('click', () => presentation.requestDismiss());
      doc.body.append(dialog);
      dialog.showModal();
      return {
        container: body,
        close() {
          dialog.removeEventListener('cancel', onCancel);
          if (dialog.open) dialog.close();
          dialog.remove();
          // Back to the opener frame (a keyboard user continues where they were), else to what had focus.
          const target = presentation.opener.isConnected ? presentation.opener : previous;
          (target as HTMLElement | null)?.focus?.();
        },
      };
    },
  };
}
