import { useEffect, useRef } from 'react';
import { useHostUi } from '../host-ui.js';

/**
 * The host's modal confirmation (what extensions ask with `ext.ui.confirm()`): a native modal
 * `<dialog>` (focus trapped, page inert, Escape cancels), one request at a time.
 */
export function ConfirmDialog() {
  const { confirms } = useHostUi();
  const current = confirms[0];
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (current && !element.open) element.showModal();
    if (!current && element.open) element.close();
  }, [current]);

  return (
    <dialog
      ref={dialog}
      className="confirm"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onCancel={(event) => {
        event.preventDefault();
        current?.answer({ confirmed: false });
      }}
    >
      {current && (
        <>
          <h2 id="confirm-title">{current.title}</h2>
          <p id="confirm-message">{current.message}</p>
          <p className="confirm__source">Asked by {current.source}</p>
          <div className="confirm__actions">
            <button
              type="button"
              className="button button--secondary"
              data-testid="confirm-cancel"
              autoFocus
              onClick={() => current.answer({ confirmed: false })}
            >
              {current.cancelLabel ?? 'Cancel'}
            </button>
            <button
              type="button"
              className={current.tone === 'danger' ? 'button button--danger' : 'button button--primary'}
              data-testid="confirm-accept"
              onClick={() => current.answer({ confirmed: true })}
            >
              {current.confirmLabel ?? 'Confirm'}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
