import type { JsonValue, TokenGrant } from '@extsys/protocol/bridge';
import type {
  ApiRequest,
  ApiResponse,
  ConfirmRequest,
  OpenModalRequest,
  ToastRequest,
  TokenRequest,
} from '@extsys/protocol/host-methods';
import type { ErrorEnvelope } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import type { HostEffects } from '../session/method-dispatch.js';
import type { TokenSource } from '../session/token-schedule.js';
import type { MockApiResponse, MockHostCall, MockHostOptions } from './mock-host-types.js';

/** What the mock host was asked for, in order. */
export interface MockRecords {
  latencyMs: number;
  tokenTtlMs: number;
  calls: MockHostCall[];
  refused: { method: string; error: ErrorEnvelope }[];
  toasts: ToastRequest[];
  confirms: ConfirmRequest[];
  links: string[];
  titles: string[];
  navigations: { path: string; replace?: boolean }[];
  heights: number[];
  tokenRequests: TokenRequest[];
  apiRequests: ApiRequest[];
  apiCancels: string[];
  modals: OpenModalRequest[];
  /** Set when a modal mount closed itself (`closeView`) or asked to be dismissed (Esc inside it). */
  closed: { result: JsonValue | undefined; dismissed: boolean } | undefined;
}

export function createRecords(options: MockHostOptions): MockRecords {
  return {
    latencyMs: options.latencyMs ?? 0,
    tokenTtlMs: options.tokenTtlMs ?? 5 * 60 * 1000,
    calls: [],
    refused: [],
    toasts: [],
    confirms: [],
    links: [],
    titles: [],
    navigations: [],
    heights: [],
    tokenRequests: [],
    apiRequests: [],
    apiCancels: [],
    modals: [],
    closed: undefined,
  };
}

/** The mock's token source: a new token for every hello and every request; no refresh timer. */
export interface MockTokens extends TokenSource {
  /** Mints a token (the one the mock gateway now accepts). */
  mint(ttlMs?: number): TokenGrant;
  /** The token the mock would currently accept at the gateway. */
  current: string | undefined;
}

export function createMockTokens(records: MockRecords): MockTokens {
  let counter = 0;
  const tokens: MockTokens = {
    current: undefined,
    mint(ttlMs = records.tokenTtlMs) {
      counter += 1;
      tokens.current = `mock.${counter}.${Math.random().toString(36).slice(2).padEnd(12, '0')}`;
      return { token: tokens.current, ttlMs };
    },
    get: async () => tokens.mint(),
    renew: async () => tokens.mint(),
    schedule: () => undefined,
    pause: () => undefined,
    dispose: () => undefined,
  };
  return tokens;
}

/** The mock's side of every granted call: it records the request and answers like a host would. */
export function createMockEffects(
  options: MockHostOptions & { extensionId: string; gatewayBaseUrl: string },
  records: MockRecords,
  tokens: MockTokens,
): HostEffects {
  const cancels = new Map<string, AbortController>();

  async function defaultApi(request: ApiRequest, signal: AbortSignal): Promise<MockApiResponse> {
    const response = await fetch(`${options.gatewayBaseUrl}/api/ext/${options.extensionId}${request.path}`, {
      method: request.method,
      headers: { ...request.headers, authorization: `Bearer ${tokens.current ?? ''}` },
      ...(request.body ? { body: request.body as BodyInit } : {}),
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
  }

  return {
    navigate: (request) => void records.navigations.push(request),
    resize: (request) => void records.heights.push(request.height),
    toast: (request) => void records.toasts.push(request),
    async confirm(request) {
      records.confirms.push(request);
      const answer = options.confirm ?? true;
      return { confirmed: typeof answer === 'function' ? await answer(request) : answer };
    },
    openLink: (request) => void records.links.push(request.url),
    setTitle: (request) => void records.titles.push(request.title),
    openModal(request) {
      records.modals.push(request);
      // Default: the user dismissed it (a test says what its modal returns with `modals`).
      return options.modals ? options.modals(request) : { dismissed: true };
    },
    closeView: (result, dismissed) => void (records.closed = { result: dismissed ? undefined : result, dismissed }),
    apiCancel({ id }) {
      records.apiCancels.push(id);
      cancels.get(id)?.abort();
    },
    async apiRequest(request) {
      records.apiRequests.push(request);
      const controller = new AbortController();
      cancels.set(request.id, controller);
      try {
        const served = await (options.api ?? defaultApi)(request, controller.signal);
        const body =
          typeof served.body === 'string' ? new TextEncoder().encode(served.body) : (served.body ?? new Uint8Array());
        const value: ApiResponse = {
          status: served.status ?? 200,
          headers: served.headers ?? {},
          body,
          ...(served.requestId ? { requestId: served.requestId } : {}),
        };
        return value;
      } catch (error) {
        throw controller.signal.aborted
          ? new HostBridgeError('aborted', 'the extension cancelled the call')
          : new HostBridgeError('bad_gateway', `the mock host's fetch failed: ${String(error)}`);
      } finally {
        cancels.delete(request.id);
      }
    },
  };
}
