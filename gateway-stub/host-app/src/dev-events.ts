// `extsys dev` only: the gateway's development event stream (GATEWAY_DEV_EVENTS). A new dev build
// is a new install version: the page reloads its extension list; <ExtensionFrame> remounts on the
// new content hash at the same route and theme when the UI changed, and stays when only the
// handler did (mounted-content-hash.ts) — no page reload either way. A failed build is shown over
// the frame until the next good one. Without dev mode the stream answers 204 and EventSource stops.
// The bodies and events are `@extsys/protocol`'s (gateway/dev-events.ts).
import { useEffect, useRef, useState } from 'react';
import {
  BuildStatusEvent,
  DEV_API,
  MAX_FRAME_EVENT_CODE_CHARS,
  MAX_FRAME_EVENT_MESSAGE_CHARS,
  type FrameEvent,
  type FrameEventReport,
} from '@extsys/protocol/gateway';

export interface FailedBuild {
  extensionId: string;
  message: string;
  at: string;
}

export interface DevEvents {
  /** The gateway runs with GATEWAY_DEV_EVENTS (the stream said `ready`). */
  enabled: boolean;
  /** The failing builds by extension id (a good build clears its entry). */
  failedBuilds: ReadonlyMap<string, FailedBuild>;
}

export function useDevEvents(active: boolean, onInstallsChanged: () => void): DevEvents {
  const [enabled, setEnabled] = useState(false);
  const [failedBuilds, setFailedBuilds] = useState<ReadonlyMap<string, FailedBuild>>(new Map());
  const latest = useRef(onInstallsChanged);
  useEffect(() => {
    latest.current = onInstallsChanged;
  });

  useEffect(() => {
    if (!active) return;
    const source = new EventSource(DEV_API.events);
    source.addEventListener('ready', () => {
      devMode = true;
      setEnabled(true);
      // A reconnect may have missed an install change: read the list again.
      latest.current();
    });
    source.addEventListener('installs', () => latest.current());
    source.addEventListener('build', (event) => {
      const parsed = BuildStatusEvent.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) return;
      const build = parsed.data;
      setFailedBuilds((current) => {
        const next = new Map(current);
        if (build.ok) next.delete(build.extensionId);
        else
          next.set(build.extensionId, { extensionId: build.extensionId, message: build.message ?? '', at: build.at });
        return next;
      });
    });
    return () => {
      source.close();
      devMode = false;
      setEnabled(false);
    };
  }, [active]);

  return { enabled, failedBuilds };
}

/** Set while the dev stream is open: frame events are reported only then. */
let devMode = false;

/** Tells the gateway (which logs it for `extsys dev` to print) what the frame just did. Best effort. */
export function reportFrameEvent(extensionId: string, event: FrameEvent, error?: { code?: string; message?: string }) {
  if (!devMode) return;
  const report: FrameEventReport = {
    extensionId,
    event,
    ...(error?.code ? { code: error.code.slice(0, MAX_FRAME_EVENT_CODE_CHARS) } : {}),
    ...(error?.message ? { message: error.message.slice(0, MAX_FRAME_EVENT_MESSAGE_CHARS) } : {}),
  };
  void fetch(DEV_API.frameEvents, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(report),
  }).catch(() => undefined);
}
