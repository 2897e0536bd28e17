import { useImperativeHandle, useRef, type CSSProperties, type ReactNode, type Ref } from 'react';
import type { BridgeHandle, HostBridgeError, UnmountReason } from '@extsys/host-bridge';
import { useExtensionFrame, type ExtensionFrameOptions } from './use-extension-frame.js';

export interface ExtensionFrameProps extends ExtensionFrameOptions {
  className?: string;
  style?: CSSProperties;
  /** Replaces the default skeleton shown until the extension is ready (it fills the reserved height). */
  loading?: ReactNode;
  /** Replaces the default error panel; call `retry` to remount. Render it with `role="alert"`. */
  renderError?: (error: HostBridgeError | undefined, retry: () => void) => ReactNode;
  /** `leave()` before the host navigates away or unmounts the frame (see `ExtensionFrameHandle`). */
  ref?: Ref<ExtensionFrameHandle>;
}

/** What `<ExtensionFrame ref>` exposes. */
export interface ExtensionFrameHandle {
  /**
   * Call before navigating away from or unmounting the frame: resolves false when the page (or a
   * modal it opened) has unsaved changes and the user chose to stay; true once the page was told
   * (`beforeUnmount`, bounded by `unmountGraceMs`). True at once when nothing is mounted.
   */
  leave(reason?: UnmountReason): Promise<boolean>;
  /** The page's unsaved-changes flag. */
  readonly dirty: boolean;
  /** The live bridge (undefined before mount). */
  readonly bridge: BridgeHandle | undefined;
}

const overlay: CSSProperties = { position: 'absolute', inset: 0 };
const hiddenText: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

/**
 * Embeds an extension UI: a sandboxed iframe served by the runner, connected with
 * `bootstrapIframe()`. Reserves the manifest's `initialHeight` with a skeleton until the
 * handshake completes, shows an accessible error with Retry when it fails or the connection is
 * lost, pushes theme, path, locale, direction, time zone, a panel's subject and the visibility
 * without remounting, and tears everything down on unmount. Its `ref` exposes `leave()`.
 */
export function ExtensionFrame({ className, style, loading, renderError, ref, ...options }: ExtensionFrameProps) {
  const frame = useExtensionFrame(options);
  const { bridge } = frame;
  useImperativeHandle(
    ref,
    () => ({
      leave: (reason) => (bridge ? bridge.leave(reason) : Promise.resolve(true)),
      get dirty() {
        return bridge?.dirty ?? false;
      },
      bridge,
    }),
    [bridge],
  );
  const { status, error, iframeProps, initialHeight } = frame;
  const wrapper = useRef<HTMLDivElement>(null);
  // The Retry button disappears with the error panel: keep keyboard focus on the frame.
  const retry = () => {
    frame.retry();
    wrapper.current?.focus();
  };
  const waiting = status === 'idle' || status === 'connecting';
  const visible = status === 'connected' || status === 'reconnecting';
  let iframe: ReactNode = <div style={{ height: initialHeight }} />;
  if (iframeProps) {
    const { key, ...rest } = iframeProps;
    iframe = <iframe key={key} {...rest} style={{ ...rest.style, visibility: visible ? 'visible' : 'hidden' }} />;
  }
  return (
    <div
      ref={wrapper}
      tabIndex={-1}
      className={className ? `extsys-frame ${className}` : 'extsys-frame'}
      style={{ position: 'relative', ...style }}
      data-status={status}
      aria-busy={waiting || undefined}
    >
      {iframe}
      {waiting && (
        <div className="extsys-frame__loading" role="status" style={overlay}>
          {loading ?? (
            <div
              className="extsys-frame__skeleton"
              style={{ height: '100%', borderRadius: 8, background: 'rgb(127 127 127 / 0.12)' }}
            />
          )}
          <span style={hiddenText}>Loading {options.title}…</span>
        </div>
      )}
      {status === 'error' &&
        (renderError ? (
          renderError(error, retry)
        ) : (
          <div className="extsys-frame__error" role="alert" style={{ ...overlay, padding: 16 }}>
            <p style={{ margin: '0 0 8px' }}>
              {options.title} could not be loaded{error ? `: ${error.message}` : '.'}
            </p>
            <button type="button" onClick={retry}>
              Retry
            </button>
          </div>
        ))}
    </div>
  );
}
