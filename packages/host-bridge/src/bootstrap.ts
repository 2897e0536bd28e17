import { createApiTransport } from './api-transport.js';
import { resolveLimits, type BootstrapOptions, type BridgeEvents, type BridgeHandle } from './bootstrap-options.js';
import { HostBridgeError, asHostBridgeError } from './errors.js';
import { createEmitter } from './events.js';
import { applyFrameAttributes, checkIframe, planFrame } from './frame-setup.js';
import { checkLink, grantedFeatures, openLinkDefault } from './host-services.js';
import { consoleLogger } from './logger.js';
import { connectPenpalHost } from './penpal-host.js';
import { createResizer } from './resize.js';
import { checkTemplate, type ContextFields, type ContextTemplate } from './session/context.js';
import { createHostSession } from './session/host-session.js';
import { createRejections } from './session/rejections.js';
import { parseContextChange, parsePath, parseTheme } from './session/state-replay.js';
import { createTokenManager } from './token-refresh.js';
import { entryPointsOf } from '@extsys/protocol/manifest';
import { resolveHostEntry } from './entry-point.js';
import { createLeaveGuard, defaultConfirmLeave } from './leave-guard.js';
import { createDialogPresenter } from './modal-presenter.js';
import { openModalMount, type FrameMount, type NestedMount, type OpenModal } from './modal-mount.js';
import { createMemoryViewStateStore, type ViewStateStore } from './session/view-state.js';
import { followVisibility } from './visibility.js';

export type { BootstrapOptions, BridgeEvents, BridgeHandle, BridgeLimits, ConnectedInfo } from './bootstrap-options.js';

/**
 * Connects a host page to an extension iframe: sandbox attributes, the nonce-checked handshake,
 * version negotiation, context, theme / token / path push and replay, resize, host services, the
 * bridge API transport, and the validation of every incoming message. The protocol itself is the
 * transport-free host session (`session/`); this is its driver over the DOM and penpal.
 */
export function bootstrapIframe(options: BootstrapOptions): BridgeHandle {
  return mountFrame(options, undefined).handle;
}

/** The default view state store: one per host page, so a remount (or a modal) finds what a page kept. */
let pageStore: ViewStateStore | undefined;

function mountFrame(options: BootstrapOptions, nested: NestedMount | undefined): FrameMount {
  const logger = options.logger ?? consoleLogger;
  const { iframe, extension, nonce } = options;
  const tag = `[extsys host-bridge] ${String(extension?.id)}`;
  checkIframe(options);
  const limits = resolveLimits(options.limits);
  // Everything is checked before the element is touched.
  const plan = planFrame(options);
  const points = entryPointsOf(plan.ui, extension.title);
  const { point, entry } = nested
    ? { point: points.find((p) => p.id === nested.entry.id)!, entry: nested.entry }
    : resolveHostEntry(points, options.entryPoint, options.subject);
  const maxModalDepth = options.maxModalDepth ?? 1;
  if (!Number.isInteger(maxModalDepth) || maxModalDepth < 0 || maxModalDepth > 8)
    throw new HostBridgeError('bad_request', 'bootstrapIframe: maxModalDepth must be a whole number from 0 to 8');
  const graceMs = options.unmountGraceMs ?? 1000;
  if (!(graceMs >= 0))
    throw new HostBridgeError('bad_request', 'bootstrapIframe: unmountGraceMs must be a non-negative number');
  const presenter = options.modals ?? (typeof HTMLDialogElement === 'function' ? createDialogPresenter() : undefined);

  // Fixed context, validated now so a misconfigured host fails at mount, not at hello.
  const services = options.services ?? {};
  const granted = grantedFeatures({
    hostFeatures: options.hostFeatures ?? [],
    // Without the manifest's ui section the host's grant stands alone.
    requested: extension.ui === undefined ? undefined : plan.ui.hostFeatures,
    services,
    hasNavigate: typeof options.onNavigate === 'function',
    canPresentModals: presenter !== undefined && maxModalDepth > 0,
    warn: (m) => logger.warn(m),
  });
  const template: ContextTemplate = {
    extension: {
      id: extension.id,
      installId: extension.installId,
      version: extension.version,
      contentHash: extension.contentHash,
      title: extension.title,
    },
    tenant: options.tenant,
    gateway: options.gateway,
    hostFeatures: granted,
    limits: { maxApiBodyBytes: limits.maxApiBodyBytes, callTimeoutMs: limits.callTimeoutMs },
  };
  const fields = parseContextChange({
    locale: options.locale ?? globalThis.navigator?.language ?? 'en',
    direction: options.direction ?? 'ltr',
    timeZone: options.timeZone ?? hostTimeZone(),
  }) as ContextFields;
  const theme = parseTheme(options.theme);
  const initialPath = parsePath(options.initialPath ?? point.path);
  checkTemplate(template, theme, initialPath);

  const frameWindow = applyFrameAttributes(iframe, plan, extension.title);

  const emitter = createEmitter<BridgeEvents>(logger);
  const reportError = (error: HostBridgeError) => emitter.emit('error', error);
  const rejections = createRejections({ logger, tag, emit: (event) => emitter.emit('message-rejected', event) });
  const tokens = createTokenManager({ getToken: options.getToken, onError: reportError });
  const resizer = createResizer({
    limits,
    initialHeight: point.initialHeight,
    apply: (height) => {
      // A modal's frame fills its dialog: the presenter sizes it, not the page.
      if (!nested) iframe.style.height = `${height}px`;
    },
    onApplied: (event) => {
      options.onResize?.(event.height);
      emitter.emit('resize', event);
    },
    warn: (m) => logger.warn(`${tag}: ${m}`),
  });
  const api = createApiTransport({
    gatewayBaseUrl: options.gateway.baseUrl,
    extensionId: extension.id,
    maxBodyBytes: limits.maxApiBodyBytes,
    token: async (fresh) => (await tokens.get({ fresh })).token,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const linkAllowlist = options.linkAllowlist ?? [];
  const modals = new Set<OpenModal>();
  const win = iframe.ownerDocument.defaultView ?? undefined;
  const visibility = followVisibility(iframe.ownerDocument, (visible) => {
    session.setVisible(visible).catch((error: unknown) => {
      const failure = asHostBridgeError(error, 'internal', 'setVisible');
      // A page that is reloading gets the visibility in its next hello.
      if (failure.code !== 'connection_lost' && failure.code !== 'connection_destroyed') reportError(failure);
    });
  });
  const guard = createLeaveGuard({
    win,
    info: { extensionId: extension.id, title: extension.title, entryPoint: entry.id },
    dirty: () => mount.treeDirty(),
    confirm: options.confirmLeave ?? defaultConfirmLeave(services, win),
    beforeUnmount: (reason) => mount.beforeUnmountTree(reason),
    logger,
    tag,
  });

  const session = createHostSession({
    nonce,
    template,
    theme,
    fields,
    initialPath,
    tokens,
    entry,
    visible: visibility.visible,
    viewState: options.viewState ?? (pageStore ??= createMemoryViewStateStore()),
    maxModalDepth,
    invoke: (method, params) => link.invoke(method, params),
    emit: (type, payload) => {
      if (type === 'dirty') guard.dirtyChanged(payload as boolean);
      // The opener's page reloaded or went: nobody is left to take its modals' results.
      const state = type === 'state' ? (payload as BridgeEvents['state']).state : undefined;
      if (state === 'reconnecting' || state === 'lost' || state === 'failed')
        for (const modal of [...modals]) modal.dismissNow();
      emitter.emit(type, payload as BridgeEvents[typeof type]);
    },
    reject: (reason, message, method) => rejections.reject(reason, message, method),
    logger,
    tag,
    handshakeTimeoutMs: limits.handshakeTimeoutMs,
    effects: {
      navigate(request) {
        const replace = request.replace ?? false;
        options.onNavigate?.(request.path, { replace });
        emitter.emit('navigate', { path: request.path, replace });
      },
      resize: (request) => resizer.request(request.height),
      toast: (request) => services.toast?.({ ...request, extensionId: extension.id }),
      confirm: (request) => services.confirm?.({ ...request, extensionId: extension.id }),
      openLink: (request) => (services.openLink ?? openLinkDefault)(checkLink(request.url, linkAllowlist)),
      setTitle: (request) => services.setTitle?.(request.title),
      apiRequest: (request) => api.perform(request),
      apiCancel: (request) => void api.cancel(request.id),
      ...(presenter && {
        openModal: (request, { depth }) =>
          openModalMount(
            {
              options,
              points,
              presenter,
              theme: () => session.replay.theme,
              fields: () => session.replay.fields,
              mount: mountFrame,
              forward(child) {
                child.on('error', reportError);
                child.on('message-rejected', (event) => emitter.emit('message-rejected', event));
              },
              open: modals,
            },
            request,
            depth,
          ),
      }),
      ...(nested && { closeView: (result, dismiss) => (dismiss ? nested.dismiss() : nested.closed(result)) }),
    },
  });
  const link = connectPenpalHost({
    iframe,
    frameWindow,
    expectedOrigin: plan.sameOrigin ? plan.runnerOrigin : 'null',
    session,
    reject: (reason, message, method) => rejections.reject(reason, message, method),
    reportError,
    maxMessageBytes: limits.maxMessageBytes,
    callTimeoutMs: limits.callTimeoutMs,
    logger,
    tag,
  });

  const handle: BridgeHandle = {
    ready: session.ready,
    get state() {
      return session.state;
    },
    on: (type, listener) => emitter.on(type, listener),
    // An open modal follows its opener's theme and context.
    setTheme: (next) => (each((m) => m.setTheme(next)), session.setTheme(next)),
    setContext: (change) => (each((m) => m.setContext(change)), session.setContext(change)),
    navigate: (path) => session.navigate(path),
    refreshToken: () => session.refreshToken(),
    get entry() {
      return session.entry;
    },
    setSubject: (subject) => session.setSubject(subject),
    setVisible(visible) {
      if (typeof visible !== 'boolean')
        return Promise.reject(new HostBridgeError('validation_failed', 'setVisible: expected a boolean'));
      return session.setVisible(visibility.setHost(visible));
    },
    get dirty() {
      return session.dirty;
    },
    leave: (reason = 'unmount') => guard.leave(reason),
    destroy() {
      if (session.destroyed) return;
      // Synchronous: the modals this page opened go with it, without a question.
      for (const modal of [...modals]) modal.dismissNow();
      guard.dispose();
      visibility.dispose();
      link.goodbye();
      session.destroy(() => {
        resizer.dispose();
        api.abortAll(new HostBridgeError('connection_destroyed', 'the bridge was destroyed'));
        link.destroy();
      });
      emitter.clear();
    },
    get stats() {
      return rejections.stats;
    },
  };
  const each = (push: (handle: BridgeHandle) => Promise<void>) => {
    for (const modal of modals) if (modal.mount) push(modal.mount.handle).catch(() => undefined);
  };
  const mount: FrameMount = {
    handle,
    treeDirty: () => session.dirty || [...modals].some((m) => m.mount?.treeDirty() === true),
    beforeUnmountTree: async (reason) => {
      await Promise.all([
        session.beforeUnmount(reason, graceMs),
        ...[...modals].map((m) => m.mount?.beforeUnmountTree(reason)),
      ]);
    },
  };
  return mount;
}

/** The host page's time zone (`UTC` where Intl cannot tell). */
function hostTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
