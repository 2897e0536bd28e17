// A fake extension page for the tests: a real penpal `connect` on the child side, talking to the
// real host code through the host window's `message` event and a real MessageChannel.
//
// What this does NOT cover (the e2e issue's job): jsdom's window.postMessage has no `source`,
// `origin` or transfer, so the child → host window messages are dispatched here by hand with
// `source: iframe.contentWindow` and `origin: "null"` (what a sandboxed frame produces in a real
// browser), and host → child window posts are caught by replacing the frame's `postMessage`.
// Opaque origins, CSP and MessagePorts across processes are exercised only in real Chromium.
import type { ContextTemplate } from '../src/session/context.js';
import { connect, type InitializeMessengerOptions, type Message, type Messenger, type RemoteProxy } from 'penpal';
import {
  BRIDGE_CHANNEL,
  resolveTheme,
  type ErrorEnvelope,
  type HOST_METHODS,
  type HostMethodName,
  type MethodResult,
} from '@extsys/protocol';
import { vi } from 'vitest';
import { bootstrapIframe, buildExtUiSrc, type BootstrapOptions, type BridgeHandle } from '../src/index.js';

export const HASH = `sha256:${'ab'.repeat(32)}`;
export const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
export const RUNNER = 'https://runner.example.com';

export interface Sent {
  via: 'window' | 'port';
  data: unknown;
  targetOrigin?: string;
}

/** Dispatches a window `message` event on the host as if `source` posted it. */
export function dispatchToHost(data: unknown, source: Window | null, origin = 'null', ports: MessagePort[] = []) {
  const event = new Event('message');
  Object.defineProperties(event, {
    data: { value: data },
    source: { value: source },
    origin: { value: origin },
    ports: { value: ports },
  });
  window.dispatchEvent(event);
}

class FakeChildMessenger implements Messenger {
  #validate: ((data: unknown) => data is Message) | undefined;
  #handlers = new Set<(message: Message) => void>();
  #port: MessagePort | undefined;
  #closed = false;

  constructor(
    private readonly frame: Window,
    private readonly sent: Sent[],
    private readonly origin: string,
  ) {}

  initialize = ({ validateReceivedMessage }: InitializeMessengerOptions) => {
    this.#validate = validateReceivedMessage;
    (this.frame as unknown as { postMessage: unknown }).postMessage = (
      data: unknown,
      options: { targetOrigin?: string; transfer?: Transferable[] },
    ) => {
      this.sent.push({ via: 'window', data: structuredClone(data), targetOrigin: options?.targetOrigin });
      const ports = (options?.transfer ?? []).filter((t): t is MessagePort => t instanceof MessagePort);
      setTimeout(() => this.#receive(data, ports), 0);
    };
  };

  #receive(data: unknown, ports: MessagePort[]) {
    if (this.#closed || !this.#validate?.(data)) return;
    if (data.type === 'ACK2') this.#listen(ports[0]!);
    for (const handler of this.#handlers) handler(data);
  }

  /** The fake page's own port listener (tagged so tests can tell it from the host's). */
  readonly onPort = Object.assign((event: MessageEvent) => this.#handlePort(event), { fakeExtension: true });

  #handlePort = (event: MessageEvent) => {
    if (this.#closed) return;
    this.sent.push({ via: 'port', data: event.data });
    if (!this.#validate?.(event.data)) return;
    for (const handler of this.#handlers) handler(event.data);
  };

  #listen(port: MessagePort) {
    this.#port?.removeEventListener('message', this.onPort as unknown as EventListener);
    this.#port = port;
    port.addEventListener('message', this.onPort as unknown as EventListener);
    port.start();
  }

  sendMessage = (message: Message, transferables?: Transferable[]) => {
    if (this.#closed) return;
    if (message.type === 'SYN' || message.type === 'ACK1') {
      const copy = structuredClone(message);
      setTimeout(() => dispatchToHost(copy, this.frame, this.origin), 0);
      return;
    }
    if (message.type === 'ACK2') {
      const { port1, port2 } = new MessageChannel();
      this.#listen(port1);
      const copy = structuredClone(message);
      setTimeout(() => dispatchToHost(copy, this.frame, this.origin, [port2]), 0);
      return;
    }
    this.#port!.postMessage(message, { transfer: transferables ?? [] });
  };

  /** Raw access for the malformed-message tests. */
  postRaw(data: unknown) {
    this.#port!.postMessage(data);
  }

  addMessageHandler = (handler: (message: Message) => void) => void this.#handlers.add(handler);
  removeMessageHandler = (handler: (message: Message) => void) => void this.#handlers.delete(handler);
  destroy = () => {
    this.#closed = true;
    this.#port?.removeEventListener('message', this.onPort as unknown as EventListener);
    this.#port?.close();
  };
  /** A page that goes away without saying goodbye (reload, crash). */
  vanish() {
    this.#closed = true;
    this.#port?.removeEventListener('message', this.onPort as unknown as EventListener);
  }
}

type HostRemote = RemoteProxy<Record<string, (argument: unknown) => Promise<unknown>>>;

/** A host method's bridgeResult, loosely typed so tests can look at either side. */
export interface Answer<T> {
  ok: boolean;
  value?: T;
  error?: ErrorEnvelope;
}
type ResultOf<M extends string> = M extends HostMethodName ? MethodResult<typeof HOST_METHODS, M> : unknown;

export interface FakeExtension {
  host: HostRemote;
  /** Calls a host method and returns its bridgeResult. */
  call<M extends string>(method: M, argument: unknown, ...rest: unknown[]): Promise<Answer<ResultOf<M>>>;
  received: { method: string; argument: Record<string, unknown> }[];
  messenger: FakeChildMessenger;
  destroy(): void;
}

/** Starts a fake extension page inside `iframe` (as if its SDK script just ran). */
export async function startExtension(
  iframe: HTMLIFrameElement,
  sent: Sent[],
  options: { origin?: string; answers?: Record<string, (argument: unknown) => unknown> } = {},
): Promise<FakeExtension> {
  const messenger = new FakeChildMessenger(iframe.contentWindow!, sent, options.origin ?? 'null');
  const received: { method: string; argument: Record<string, unknown> }[] = [];
  const answer = (method: string) => (argument: unknown) => {
    received.push({ method, argument: argument as Record<string, unknown> });
    const custom = options.answers?.[method];
    return custom ? custom(argument) : { ok: true, value: null };
  };
  const connection = connect<Record<string, (argument: unknown) => Promise<unknown>>>({
    messenger,
    channel: BRIDGE_CHANNEL,
    methods: {
      themeChanged: answer('themeChanged'),
      tokenChanged: answer('tokenChanged'),
      navigate: answer('navigate'),
      connectionState: answer('connectionState'),
      contextChanged: answer('contextChanged'),
      subjectChanged: answer('subjectChanged'),
      visibilityChanged: answer('visibilityChanged'),
      beforeUnmount: answer('beforeUnmount'),
    },
  });
  const host = (await connection.promise) as unknown as HostRemote;
  return {
    host,
    call: <M extends string>(method: M, argument: unknown, ...rest: unknown[]) =>
      (host[method] as (...args: unknown[]) => Promise<Answer<ResultOf<M>>>)(argument, ...rest),
    received,
    messenger,
    destroy: () => connection.destroy(),
  };
}

export function hello(nonce: string, overrides: Record<string, unknown> = {}) {
  return {
    nonce,
    protocol: { min: '1.0', max: '1.0' },
    sdkVersion: '0.1.0',
    features: ['theme', 'token', 'resize', 'navigate', 'toast', 'confirm', 'openLink', 'setTitle', 'apiBridge'],
    ...overrides,
  };
}

export function silentLogger() {
  return { warn: vi.fn(), error: vi.fn(), debug: undefined };
}

export interface Mounted {
  iframe: HTMLIFrameElement;
  nonce: string;
  handle: BridgeHandle;
  sent: Sent[];
  logger: ReturnType<typeof silentLogger>;
  getToken: ReturnType<typeof vi.fn>;
}

/** Mounts an iframe with a real src and bootstraps it (no extension yet). */
export function mount(
  options: Partial<BootstrapOptions> & {
    noSandboxAttribute?: true;
    /** Runs after the frame exists and before bootstrapIframe (e.g. to start the page first). */
    beforeBootstrap?: (iframe: HTMLIFrameElement, sent: Sent[], nonce: string) => void;
  } = {},
): Mounted {
  const { noSandboxAttribute, beforeBootstrap, ...overrides } = options;
  const { src, nonce } = buildExtUiSrc('com.acme.hello', HASH, { runnerBase: RUNNER, path: '/records/42' });
  const iframe = document.createElement('iframe');
  // The recommended order: attributes (sandboxFor) before src, so the first document is sandboxed.
  // (Without it, bootstrapIframe writes the sandbox and reloads the frame; see sandbox.test.ts.)
  if (!noSandboxAttribute) iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.src = src;
  document.body.append(iframe);
  const sent: Sent[] = [];
  // Until the page's script runs, what the host posts to the frame is lost (as with about:blank).
  // (jsdom's own postMessage would throw on penpal's options argument.)
  (iframe.contentWindow as unknown as { postMessage: unknown }).postMessage = (
    data: unknown,
    options: { targetOrigin?: string },
  ) => void sent.push({ via: 'window', data: structuredClone(data), targetOrigin: options?.targetOrigin });
  beforeBootstrap?.(iframe, sent, nonce);
  const logger = silentLogger();
  let n = 0;
  const getToken = vi.fn(() => Promise.resolve({ token: `${TOKEN}${n++}`, ttlMs: 600_000 }));
  const handle = bootstrapIframe({
    iframe,
    nonce,
    extension: {
      id: 'com.acme.hello',
      installId: 'inst_7Qx2',
      version: '1.4.0',
      contentHash: HASH,
      title: 'Hello',
      ui: {
        type: 'iframe',
        entry: 'ui/index.html',
        hostFeatures: ['toast', 'confirm', 'navigate', 'openLink', 'setTitle'],
      },
    },
    theme: resolveTheme('dark'),
    getToken,
    gateway: { baseUrl: 'https://host.example.com', transport: 'bridge' },
    hostFeatures: ['toast', 'navigate'],
    tenant: { id: 'tenant-a', displayName: 'Acme Corp' },
    locale: 'en-GB',
    initialPath: '/records/42',
    onNavigate: vi.fn(),
    services: { toast: vi.fn() },
    logger,
    ...overrides,
  });
  return { iframe, nonce, handle, sent, logger, getToken };
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate` holds (polling), failing after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 2000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('until: timed out');
    await tick(5);
  }
}

/** The fixed part of the context the session tests mount with (`hostFeatures`: toast, direct API calls). */
export function sessionTemplate(overrides: Partial<ContextTemplate> = {}): ContextTemplate {
  return {
    extension: {
      id: 'com.acme.hello',
      installId: 'inst_1',
      version: '1.0.0',
      contentHash: `sha256:${'ab'.repeat(32)}`,
      title: 'Hello',
    },
    tenant: { id: 'tenant-a', displayName: 'Acme' },
    gateway: { baseUrl: 'https://host.example.com', transport: 'direct' },
    hostFeatures: ['toast'],
    limits: { maxApiBodyBytes: 1024, callTimeoutMs: 1000 },
    ...overrides,
  };
}
