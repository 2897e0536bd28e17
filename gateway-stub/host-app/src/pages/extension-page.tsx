import { useCallback, useState } from 'react';
import { ExtensionFrame, type FrameStatus } from '@extsys/react-host';
import type { HostFeature, Theme } from '@extsys/protocol/bridge';
import type { HostExtension, SessionUser } from '@extsys/protocol/gateway';
import { reportFrameEvent, type FailedBuild } from '../dev-events.js';
import { useMountedContentHash } from '../mounted-content-hash.js';
import { extensionHref, navigate } from '../router.js';
import { viewStateStore } from '../view-state-store.js';
import { useFrameServices, useFrameToken, useLeaveGuard } from '../components/surface-frame.js';

/** What this host lends extensions (each also needs the manifest to ask for it). */
const HOST_FEATURES: readonly HostFeature[] = ['toast', 'confirm', 'navigate', 'setTitle', 'modal'];

interface Props {
  extension: HostExtension;
  path: string;
  runnerBase: string;
  user: SessionUser;
  theme: Theme;
  /** `extsys dev` only: the author's last build failed (the running version is the last good one). */
  buildError?: FailedBuild | undefined;
}

/** One extension, mounted at `/ext/{id}/{path}`: the host URL and the extension's route move together. */
export function ExtensionPage({ extension, path, runnerBase, user, theme, buildError }: Props) {
  const [status, setStatus] = useState<FrameStatus>('idle');
  const [subtitle, setSubtitle] = useState<string>();
  const { extensionId } = extension;
  const mountedContentHash = useMountedContentHash(extension);
  const { ref, dirty, onDirtyChange } = useLeaveGuard();

  const getToken = useFrameToken(extensionId);
  const setTitle = useCallback(
    (title: string) => {
      setSubtitle(title);
      document.title = `${title} · ${extension.title} · extsys demo`;
    },
    [extension.title],
  );
  const services = useFrameServices(extension.title, setTitle);

  if (!extension.ui) {
    return (
      <section className="page">
        <h1>{extension.title}</h1>
        <p>This extension has no user interface; it only serves an API.</p>
      </section>
    );
  }

  return (
    <section className="page page--extension" aria-labelledby="extension-title">
      <header className="extension-header">
        <h1 id="extension-title">{extension.title}</h1>
        {subtitle && <span className="muted">{subtitle}</span>}
        {dirty && (
          <span className="extension-panel__dirty small" data-testid="extension-dirty">
            unsaved changes
          </span>
        )}
        <span className="muted small extension-header__meta">
          v{extension.version} · <code>{extension.contentHash.slice(0, 19)}…</code>
        </span>
      </header>
      <div
        className="extension-frame"
        data-testid="extension-frame"
        data-extension-id={extensionId}
        data-status={status}
      >
        {buildError && (
          <div className="dev-build-error" role="alert" data-testid="dev-build-error">
            <h2>Build failed — the last good version is still running</h2>
            <pre>{buildError.message}</pre>
          </div>
        )}
        <ExtensionFrame
          ref={ref}
          viewState={viewStateStore}
          onDirtyChange={onDirtyChange}
          extensionId={extensionId}
          contentHash={mountedContentHash}
          installId={extension.installId}
          version={extension.version}
          title={extension.title}
          ui={extension.ui}
          runnerBase={runnerBase}
          path={path}
          theme={theme}
          getToken={getToken}
          gateway={{ baseUrl: window.location.origin, transport: 'direct' }}
          tenant={{ id: user.tenantId, displayName: user.tenantName }}
          hostFeatures={HOST_FEATURES}
          services={services}
          // The frame follows its own route without a remount: nothing to guard.
          onNavigate={(next, { replace }) =>
            void navigate(extensionHref(extensionId, next), { replace, guarded: false })
          }
          onStateChange={(next, error) => {
            setStatus(next);
            if (next !== 'idle') reportFrameEvent(extensionId, next, error);
          }}
          renderError={(error, retry) => (
            <div className="frame-error" role="alert" data-testid="frame-error">
              <h2>{extension.title} could not be loaded</h2>
              <p>{error?.message ?? 'The extension did not answer.'}</p>
              {error?.code && (
                <p className="muted small">
                  code: <code>{error.code}</code>
                </p>
              )}
              <button type="button" className="button button--primary" data-testid="frame-retry" onClick={retry}>
                Retry
              </button>
            </div>
          )}
        />
      </div>
    </section>
  );
}
