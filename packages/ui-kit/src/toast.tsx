import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentPropsWithRef,
  type ReactNode,
} from 'react';
import { cx } from './cx.js';
import type { Tone } from './alert.js';

export interface ToastOptions {
  title: ReactNode;
  description?: ReactNode;
  tone?: Tone;
  /** Auto-dismiss delay; default 5000 ms; 0 keeps it until dismissed. */
  durationMs?: number;
}
interface ToastEntry extends ToastOptions {
  id: number;
}

interface ToastApi {
  toast: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
}
const ToastContext = createContext<ToastApi | undefined>(undefined);

/** `toast()` and `dismiss()` from the nearest `<ToastProvider>`. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast: wrap the app in <ToastProvider>');
  return api;
}

export interface ToastProviderProps extends ComponentPropsWithRef<'section'> {
  children?: ReactNode;
  /** Accessible name of the region; default "Notifications". */
  label?: string;
}

/**
 * Renders a live region of toasts: `danger` and `warning` ones are `role="alert"`, others
 * `role="status"`. Timers pause while the pointer or focus is in the region.
 * DOM props and `ref` go to the region (the `section` rendered after `children`; it is not a
 * portal); its mouse-enter/leave and focus/blur handlers run along with the pause logic.
 */
export function ToastProvider({
  children,
  label = 'Notifications',
  className,
  onMouseEnter,
  onMouseLeave,
  onFocus,
  onBlur,
  ...rest
}: ToastProviderProps) {
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const [paused, setPaused] = useState(false);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const toast = useCallback((options: ToastOptions) => {
    const id = next.current++;
    setToasts((list) => [...list, { ...options, id }]);
    return id;
  }, []);
  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <section
        {...rest}
        aria-label={label}
        className={cx('ek-toast-region', className)}
        onMouseEnter={(event) => {
          onMouseEnter?.(event);
          setPaused(true);
        }}
        onMouseLeave={(event) => {
          onMouseLeave?.(event);
          setPaused(false);
        }}
        onFocus={(event) => {
          onFocus?.(event);
          setPaused(true);
        }}
        onBlur={(event) => {
          onBlur?.(event);
          setPaused(false);
        }}
      >
        <ol className="ek-toast-region__list">
          {toasts.map((t) => (
            <ToastItem key={t.id} entry={t} paused={paused} onDismiss={() => dismiss(t.id)} />
          ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ entry, paused, onDismiss }: { entry: ToastEntry; paused: boolean; onDismiss: () => void }) {
  const { tone = 'info', durationMs = 5000 } = entry;
  useEffect(() => {
    if (paused || durationMs <= 0) return;
    const timer = setTimeout(onDismiss, durationMs);
    return () => clearTimeout(timer);
  }, [paused, durationMs, onDismiss]);
  return (
    <li
      role={tone === 'danger' || tone === 'warning' ? 'alert' : 'status'}
      className={cx('ek-toast', `ek-alert--${tone}`)}
    >
      <div className="ek-alert__content">
        <p className="ek-alert__title">{entry.title}</p>
        {entry.description && <div className="ek-alert__body">{entry.description}</div>}
      </div>
      <button type="button" className="ek-alert__dismiss" aria-label="Dismiss notification" onClick={onDismiss}>
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}
