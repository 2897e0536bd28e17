import { useState } from 'react';
import { ExtensionFrame, type FrameStatus } from '@extsys/react-host';
import type { HostFeature, HostSubject, Theme } from '@extsys/protocol/bridge';
import type { HostExtension, SessionUser } from '@extsys/protocol/gateway';
import type { EntryPoint } from '@extsys/protocol/manifest';
import { reportFrameEvent } from '../dev-events.js';
import { viewStateStore } from '../view-state-store.js';
import { useFrameServices, useFrameToken, useLeaveGuard } from './surface-frame.js';

/** What this host lends a panel (each also needs the manifest to ask for it). */
const HOST_FEATURES: readonly HostFeature[] = ['toast', 'confirm', 'modal'];

interface Props {
  extension: HostExtension;
  /** One of the extension's `panel` entry points. */
  entryPoint: EntryPoint;
  /** The host object the panel is shown for; a new one is pushed to the mounted frame. */
  subject: HostSubject;
  runnerBase: string;
  user: SessionUser;
  theme: Theme;
}

/**
 * One extension panel beside host content: its frame mounted at the entry point, given the
 * selected host object, its view state kept by the gateway (per user), and, while it says it has
 * unsaved changes, a navigation guard that asks it to leave (the user confirms, the page flushes)
 * before the host page moves on.
 */
export function ExtensionPanel({ extension, entryPoint, subject, runnerBase, user, theme }: Props) {
  const { extensionId } = extension;
  const [status, setStatus] = useState<FrameStatus>('idle');
  const { ref, dirty, onDirtyChange } = useLeaveGuard();

  const getToken = useFrameToken(extensionId);
  const services = useFrameServices(extension.title);

  if (!extension.ui) return null;
  const headingId = `panel-${extension.installId}-${entryPoint.id}`;
  return (
    <section className="extension-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="extension-panel__title">
        {entryPoint.label} <span className="muted small">· {extension.title}</span>
        {dirty && (
          <span className="extension-panel__dirty small" data-testid="panel-dirty">
            unsaved changes
          </span>
        )}
      </h2>
      <div
        className="extension-frame"
        data-testid="extension-panel"
        data-extension-id={extensionId}
        data-entry-point={entryPoint.id}
        data-status={status}
      >
        <ExtensionFrame
          ref={ref}
          extensionId={extensionId}
          contentHash={extension.contentHash}
          installId={extension.installId}
          version={extension.version}
          title={`${entryPoint.label} · ${extension.title}`}
          ui={extension.ui}
          runnerBase={runnerBase}
          entryPoint={entryPoint.id}
          subject={subject}
          viewState={viewStateStore}
          onDirtyChange={onDirtyChange}
          theme={theme}
          getToken={getToken}
          gateway={{ baseUrl: window.location.origin, transport: 'direct' }}
          tenant={{ id: user.tenantId, displayName: user.tenantName }}
          hostFeatures={HOST_FEATURES}
          services={services}
          onStateChange={(next, error) => {
            setStatus(next);
            if (next !== 'idle') reportFrameEvent(extensionId, next, error);
          }}
          renderError={(error, retry) => (
            <div className="frame-error" role="alert" data-testid="panel-error">
              <p>{error?.message ?? `${extension.title} did not answer.`}</p>
              <button type="button" className="button button--secondary" onClick={retry}>
                Retry
              </button>
            </div>
          )}
        />
      </div>
    </section>
  );
}
