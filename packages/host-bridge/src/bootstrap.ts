import { createApiTransport } from './api-transport.js';
import { resolveLimits, type BootstrapOptions, type BridgeEvents, type BridgeHandle } from './bootstrap-options.js';
import { HostBridgeError } from './errors.js';
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

export type { BootstrapOptions, BridgeEvents, BridgeHandle, BridgeLimits, ConnectedInfo } from './bootstrap-options.js';

/**
 * Connects a host page to an extension iframe: sandbox attributes, the nonce-checked handshake,
 * version negotiation, context, theme / token / path push and replay, resize, host services, the
 * bridge API transport, and the validation of every incoming message. The protocol itself is the
 * transport-free host session (`session/`); this is its driver over the DOM and penpal.
 */
export function bootstrapIframe(options: BootstrapOptions): BridgeHandle {
  const logger = options.logger ?? consoleLogger;
  const { iframe, extension, nonce } = options;
  const tag = `[extsys host-bridge] ${String(extension?.id)}`;
  checkIframe(options);
  const limits = resolveLimits(options.limits);
  // Everything is checked before the element is touched.
  const plan = planFrame(options);

  // Fixed context, validated now so a misconfigured host fails at mount, not at hello.
  const services = options.services ?? {};
  const granted = grantedFeatures({
    hostFeatures: options.hostFeatures ?? [],
    // Without the manifest's ui section the host's grant stands alone.
    requested: extension.ui === undefined ? undefined : plan.ui.hostFeatures,
    services,
    hasNavigate: typeof options.onNavigate === 'function',
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
  const initialPath = parsePath(options.initialPath ?? '/');
  checkTemplate(template, theme, initialPath);

  const frameWindow = applyFrameAttributes(iframe, plan, extension.title);

  const emitter = createEmitter<BridgeEvents>(logger);
  const reportError = (error: HostBridgeError) => emitter.emit('error', error);
  const rejections = createRejections({ logger, tag, emit: (event) => emitter.emit('message-rejected', event) });
  const tokens = createTokenManager({ getToken: options.getToken, onError: reportError });
  const resizer = createResizer({
    limits,
    initialHeight: plan.ui.initialHeight,
    apply: (height) => {
      iframe.style.height = `${height}px`;
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

  const session = createHostSession({
    nonce,
    template,
    theme,
    fields,
    initialPath,
    tokens,
    invoke: (method, params) => link.invoke(method, params),
    emit: (type, payload) => emitter.emit(type, payload as BridgeEvents[typeof type]),
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

  return {
    ready: session.ready,
    get state() {
      return session.state;
    },
    on: (type, listener) => emitter.on(type, listener),
    setTheme: (next) => session.setTheme(next),
    setContext: (change) => session.setContext(change),
    navigate: (path) => session.navigate(path),
    refreshToken: () => session.refreshToken(),
    destroy() {
      if (session.destroyed) return;
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
}

/** The host page's time zone (`UTC` where Intl cannot tell). */
function hostTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
