import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type RefCallback } from 'react';
import {
  HostBridgeError,
  bootstrapIframe,
  buildExtUiSrc,
  sandboxFor,
  type BootstrapOptions,
  type BridgeHandle,
  type ConnectedInfo,
} from '@extsys/host-bridge';
import type { ContextChange, HostSubject, Theme } from '@extsys/protocol/bridge';
import { ManifestUi, entryPointsOf } from '@extsys/protocol/manifest';

/**
 * What the frame is doing. `idle`: nothing mounted yet (server render, first client render).
 * `connecting`: the iframe is loading and the handshake has not completed. `connected`: the
 * extension answered. `reconnecting`: its page reloaded and the state is being replayed.
 * `error`: the handshake failed or timed out, or the connection was lost; `retry()` remounts.
 */
export type FrameStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** The manifest `ui` used when a host gives none (the same default the bridge uses). */
/** `ui/index.html` → `index.html`: the runner serves the entry's folder, not the bundle root. */
function entryInUiFolder(entry: string): string {
  return entry.slice(entry.lastIndexOf('/') + 1);
}

const DEFAULT_UI = { type: 'iframe', entry: 'ui/index.html' } as const;

type Passed = Pick<
  BootstrapOptions,
  | 'getToken'
  | 'gateway'
  | 'tenant'
  | 'hostFeatures'
  | 'services'
  | 'linkAllowlist'
  | 'limits'
  | 'locale'
  | 'direction'
  | 'timeZone'
  | 'logger'
  | 'fetch'
  | 'sandboxPolicy'
  | 'onNavigate'
  | 'onResize'
  | 'viewState'
  | 'modals'
  | 'maxModalDepth'
  | 'unmountGraceMs'
  | 'confirmLeave'
>;

export interface ExtensionFrameOptions extends Passed {
  extensionId: string;
  /** The bundle's content hash: a new hash remounts the frame. */
  contentHash: string;
  installId: string;
  version: string;
  /** The extension's display name: the iframe's title (accessible name) and the context's title. */
  title: string;
  /** The manifest's `ui` section (entry, initialHeight, sandbox, hostFeatures). */
  ui?: unknown;
  /** `RUNNER_PUBLIC_BASE`: an absolute URL or a path on the host origin. */
  runnerBase: string;
  /**
   * The page inside the UI folder the runner serves; default the file name of the manifest's
   * `ui.entry` (the runner serves the entry's folder at `/ext-ui/{id}/{hash}/`).
   */
  entry?: string;
  /** The extension's route; a change is pushed with `navigate()` (no remount). Default the entry point's path. */
  path?: string;
  /**
   * The manifest entry point to show (a `page` or `panel`); default the first page. A change
   * remounts; its `initialHeight` is the reserved height.
   */
  entryPoint?: string;
  /** The host object a panel is shown for (required for a panel); a change is pushed (no remount). */
  subject?: HostSubject;
  /** False while the host hides the frame (a background tab panel); pushed (no remount). Default true. */
  visible?: boolean;
  /** The page's unsaved-changes flag changed (guard your own navigation with `leave()`). */
  onDirtyChange?: (dirty: boolean) => void;
  /** A full theme (`resolveTheme(mode, overrides)`); a change is pushed with `setTheme()` (no remount). */
  theme: Theme;
  /** Bridge errors (token refresh failures, a lost connection, a failed push). */
  onError?: (error: HostBridgeError) => void;
  onStateChange?: (status: FrameStatus, error: HostBridgeError | undefined) => void;
  onReady?: (info: ConnectedInfo) => void;
}

/** Spread on an `<iframe>` (with `key`): it is rendered only on the client, once per mount. */
export interface FrameIframeProps {
  key: string;
  ref: RefCallback<HTMLIFrameElement>;
  src: string;
  sandbox: string;
  title: string;
  referrerPolicy: 'no-referrer';
  allow: string;
  style: CSSProperties;
}

export interface ExtensionFrameState {
  status: FrameStatus;
  error: HostBridgeError | undefined;
  /** The entry point's initial height (reserve it before the frame is ready). */
  initialHeight: number;
  /** Undefined on the server and before the first client effect. */
  iframeProps: FrameIframeProps | undefined;
  /** The live bridge (undefined before mount). */
  bridge: BridgeHandle | undefined;
  /** Tears the frame down and mounts it again with a fresh nonce. */
  retry: () => void;
}

interface Mount {
  key: string;
  src: string;
  nonce: string;
  sandbox: string;
  title: string;
}

function toBridgeError(error: unknown, context: string): HostBridgeError {
  if (error instanceof HostBridgeError) return error;
  return new HostBridgeError('internal', `${context}: ${error instanceof Error ? error.message : String(error)}`);
}

const quiet = (e: HostBridgeError) => e.code === 'connection_lost' || e.code === 'connection_destroyed';

/**
 * Mounts an extension over `bootstrapIframe()` for hosts that render their own `<iframe>`:
 * `const f = useExtensionFrame(opts); return f.iframeProps && <iframe {...f.iframeProps} />`.
 * Remounts only when `extensionId` or `contentHash` change (or on `retry()`); theme, path,
 * locale, direction and time zone changes are pushed over the bridge. Callbacks are read at call time, so they may change freely.
 */
export function useExtensionFrame(options: ExtensionFrameOptions): ExtensionFrameState {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const [attempt, setAttempt] = useState(0);
  const [mount, setMount] = useState<Mount | undefined>(undefined);
  const [iframe, setIframe] = useState<HTMLIFrameElement | null>(null);
  const [bridge, setBridge] = useState<BridgeHandle | undefined>(undefined);
  const [status, setStatus] = useState<FrameStatus>('idle');
  const [error, setError] = useState<HostBridgeError | undefined>(undefined);
  /** What the live bridge already has (so an equal theme, path or context is not pushed again). */
  const pushed = useRef<{ theme: string; path: string; context: ContextChange; subject: string; visible: boolean }>({
    theme: '',
    path: '/',
    context: {},
    subject: 'null',
    visible: true,
  });

  const ui = useMemo(() => {
    const parsed = ManifestUi.safeParse(options.ui ?? DEFAULT_UI);
    return parsed.success ? parsed.data : undefined;
  }, [options.ui]);
  const { entryPoint } = options;
  const point = useMemo(() => {
    if (!ui) return undefined;
    const points = entryPointsOf(ui, options.title);
    return entryPoint === undefined ? points.find((p) => p.target === 'page') : points.find((p) => p.id === entryPoint);
  }, [ui, options.title, entryPoint]);
  const initialHeight = point?.initialHeight ?? ui?.initialHeight ?? 320;

  const fail = useCallback((failure: HostBridgeError, report: boolean) => {
    setStatus('error');
    setError(failure);
    if (report) latest.current.onError?.(failure);
  }, []);

  const { extensionId, contentHash } = options;

  // 1. A fresh src + nonce per mount, on the client only (SSR renders the placeholder).
  useEffect(() => {
    const o = latest.current;
    try {
      const parsed = ManifestUi.safeParse(o.ui ?? DEFAULT_UI);
      const manifestUi = parsed.success ? parsed.data : DEFAULT_UI;
      const attrs = sandboxFor(o.ui ?? DEFAULT_UI, o.sandboxPolicy, { name: extensionId, displayName: o.title });
      const { src, nonce } = buildExtUiSrc(extensionId, contentHash, {
        runnerBase: o.runnerBase,
        entry: o.entry ?? entryInUiFolder(manifestUi.entry),
        path: pathOf(o),
        mode: o.theme.mode,
      });
      setMount({ key: `${extensionId}@${contentHash}#${attempt}:${nonce}`, src, nonce, ...attrs });
      setStatus('connecting');
      setError(undefined);
    } catch (e) {
      setMount(undefined);
      fail(toBridgeError(e, 'ExtensionFrame'), true);
    }
  }, [extensionId, contentHash, entryPoint, attempt, fail]);

  // 2. Bootstrap the bridge once the iframe of this mount is in the document.
  useEffect(() => {
    // A new mount (a new content hash) renders a new iframe: until its ref arrives, `iframe` is the
    // previous mount's element, already detached — bootstrapping it would fail the new mount.
    if (!iframe || !mount || !iframe.isConnected) return;
    const o = latest.current;
    let handle: BridgeHandle;
    try {
      handle = bootstrapIframe({
        iframe,
        nonce: mount.nonce,
        extension: {
          id: extensionId,
          installId: o.installId,
          version: o.version,
          contentHash,
          title: o.title,
          ui: o.ui,
        },
        theme: o.theme,
        getToken: () => latest.current.getToken(),
        gateway: o.gateway,
        tenant: o.tenant,
        initialPath: pathOf(o),
        ...(o.entryPoint !== undefined && { entryPoint: o.entryPoint }),
        ...(o.subject && { subject: o.subject }),
        ...(o.viewState && { viewState: o.viewState }),
        ...(o.modals && { modals: o.modals }),
        ...(o.maxModalDepth !== undefined && { maxModalDepth: o.maxModalDepth }),
        ...(o.unmountGraceMs !== undefined && { unmountGraceMs: o.unmountGraceMs }),
        ...(o.confirmLeave && { confirmLeave: (info) => latest.current.confirmLeave!(info) }),
        ...(o.hostFeatures && { hostFeatures: o.hostFeatures }),
        ...(o.services && { services: o.services }),
        ...(o.linkAllowlist && { linkAllowlist: o.linkAllowlist }),
        ...(o.limits && { limits: o.limits }),
        ...(o.sandboxPolicy && { sandboxPolicy: o.sandboxPolicy }),
        ...(o.locale && { locale: o.locale }),
        ...(o.direction && { direction: o.direction }),
        ...(o.timeZone && { timeZone: o.timeZone }),
        ...(o.logger && { logger: o.logger }),
        ...(o.fetch && { fetch: o.fetch }),
        ...(o.onNavigate && { onNavigate: (path, opts) => latest.current.onNavigate?.(path, opts) }),
        onResize: (height) => latest.current.onResize?.(height),
      });
    } catch (e) {
      fail(toBridgeError(e, 'bootstrapIframe'), true);
      return;
    }
    let active = true;
    pushed.current = {
      theme: themeKey(o.theme),
      path: pathOf(o),
      context: { locale: o.locale, direction: o.direction, timeZone: o.timeZone },
      subject: JSON.stringify(o.subject ?? null),
      visible: true,
    };
    setBridge(handle);
    const offDirty = handle.on('dirty', (dirty) => latest.current.onDirtyChange?.(dirty));
    const offState = handle.on('state', ({ state, reason }) => {
      if (state === 'connected') {
        setStatus('connected');
        setError(undefined);
      } else if (state === 'reconnecting' || state === 'connecting') {
        setStatus(state);
      } else if (state === 'lost' || state === 'failed') {
        fail(
          new HostBridgeError('connection_lost', reason ?? `the connection to ${o.title} was lost`),
          state === 'lost',
        );
      }
    });
    const offError = handle.on('error', (e) => latest.current.onError?.(e));
    handle.ready.then(
      (info) => {
        if (!active) return;
        setStatus('connected');
        setError(undefined);
        latest.current.onReady?.(info);
      },
      (e: unknown) => {
        const failure = toBridgeError(e, 'handshake');
        if (active && failure.code !== 'connection_destroyed') fail(failure, false);
      },
    );
    return () => {
      active = false;
      offState();
      offError();
      offDirty();
      handle.destroy();
      setBridge(undefined);
    };
  }, [iframe, mount, extensionId, contentHash, fail]);

  // 3. Theme and path changes are pushed, never remounted.
  const key = themeKey(options.theme);
  useEffect(() => {
    if (!bridge || pushed.current.theme === key) return;
    pushed.current.theme = key;
    bridge.setTheme(latest.current.theme).catch((e: unknown) => {
      const failure = toBridgeError(e, 'setTheme');
      if (!quiet(failure)) latest.current.onError?.(failure);
    });
  }, [bridge, key]);
  const path = options.path ?? point?.path ?? '/';
  useEffect(() => {
    if (!bridge || pushed.current.path === path) return;
    pushed.current.path = path;
    bridge.navigate(path).catch((e: unknown) => {
      const failure = toBridgeError(e, 'navigate');
      if (!quiet(failure)) latest.current.onError?.(failure);
    });
  }, [bridge, path]);

  // 4. So are locale, direction and time zone (only the props that are given and changed).
  const { locale, direction, timeZone } = options;
  useEffect(() => {
    if (!bridge) return;
    const change: ContextChange = {};
    const given = { locale, direction, timeZone };
    for (const key of ['locale', 'direction', 'timeZone'] as const) {
      if (given[key] !== undefined && given[key] !== pushed.current.context[key])
        Object.assign(change, { [key]: given[key] });
    }
    if (Object.keys(change).length === 0) return;
    pushed.current.context = { ...pushed.current.context, ...change };
    bridge.setContext(change).catch((e: unknown) => {
      const failure = toBridgeError(e, 'setContext');
      if (!quiet(failure)) latest.current.onError?.(failure);
    });
  }, [bridge, locale, direction, timeZone]);

  // 5. A panel's subject and the host's visibility, pushed too.
  const subject = JSON.stringify(options.subject ?? null);
  useEffect(() => {
    const next = latest.current.subject;
    if (!bridge || !next || pushed.current.subject === subject) return;
    pushed.current.subject = subject;
    bridge.setSubject(next).catch((e: unknown) => {
      const failure = toBridgeError(e, 'setSubject');
      if (!quiet(failure)) latest.current.onError?.(failure);
    });
  }, [bridge, subject]);
  const visible = options.visible ?? true;
  useEffect(() => {
    if (!bridge || pushed.current.visible === visible) return;
    pushed.current.visible = visible;
    bridge.setVisible(visible).catch((e: unknown) => {
      const failure = toBridgeError(e, 'setVisible');
      if (!quiet(failure)) latest.current.onError?.(failure);
    });
  }, [bridge, visible]);

  useEffect(() => {
    latest.current.onStateChange?.(status, error);
  }, [status, error]);

  const retry = useCallback(() => {
    setMount(undefined);
    setIframe(null);
    setStatus('connecting');
    setError(undefined);
    setAttempt((n) => n + 1);
  }, []);

  const iframeProps = useMemo<FrameIframeProps | undefined>(
    () =>
      mount && {
        key: mount.key,
        ref: setIframe,
        src: mount.src,
        sandbox: mount.sandbox,
        title: mount.title,
        referrerPolicy: 'no-referrer',
        allow: '',
        style: { display: 'block', width: '100%', height: initialHeight, border: 0 },
      },
    [mount, initialHeight],
  );

  return { status, error, initialHeight, iframeProps, bridge, retry };
}

/** The route a mount opens on: the `path` option, else the entry point's own. */
function pathOf(o: ExtensionFrameOptions): string {
  return o.path ?? entryPathOf(o);
}

/** The path of the entry point the options name (`/` when the manifest has no such entry point). */
function entryPathOf(o: ExtensionFrameOptions): string {
  const parsed = ManifestUi.safeParse(o.ui ?? DEFAULT_UI);
  if (!parsed.success) return '/';
  const points = entryPointsOf(parsed.data, o.title);
  const point =
    o.entryPoint === undefined ? points.find((p) => p.target === 'page') : points.find((p) => p.id === o.entryPoint);
  return point?.path ?? '/';
}

function themeKey(theme: Theme): string {
  return JSON.stringify(theme);
}
