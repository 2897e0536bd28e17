import { dismissToast, useHostUi } from '../host-ui.js';

/** The host's toasts (what extensions show with `ext.ui.toast()`), announced politely. */
export function ToastRegion() {
  const { toasts } = useHostUi();
  return (
    <div className="toasts" data-testid="host-toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone}`} data-testid="host-toast" data-tone={toast.tone}>
          <span className="toast__message">{toast.message}</span>
          <span className="toast__source">{toast.source}</span>
          <button
            type="button"
            className="toast__close"
            aria-label="Dismiss notification"
            onClick={() => dismissToast(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
