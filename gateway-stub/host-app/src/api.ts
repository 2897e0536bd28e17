// The gateway's host-facing API, called with the session cookie (same origin).
import {
  HOST_VIEW_STATE_ROUTE,
  type HostViewStateAnswer,
  type HostViewStateKey,
  type HostViewStateUpdate,
} from '@extsys/protocol/gateway';
import type {
  ExtTokenResponse,
  HostExtensionList,
  InstallPatch,
  InstallView,
  SessionState,
  SessionUser,
  VersionView,
} from '@extsys/protocol/gateway';

/** A refusal from the gateway: its stable `code` and message. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('connection_lost', 'The server cannot be reached. Is the demo still running?', 0);
  }
  const json = (await response.json().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
  if (!response.ok) {
    throw new ApiError(
      json.error?.code ?? `http_${response.status}`,
      json.error?.message ?? `HTTP ${response.status}`,
      response.status,
    );
  }
  return json;
}

export const api = {
  /** The session's user, or undefined when nobody is logged in. */
  session: () => request<SessionState>('GET', '/api/session').then(({ user }) => user ?? undefined),
  login: (userId: string, password: string) =>
    request<{ user: SessionUser }>('POST', '/api/login', { userId, password }).then(({ user }) => user),
  logout: () => request<{ ok: true }>('POST', '/api/logout', {}),
  extensions: () => request<HostExtensionList>('GET', '/api/extensions'),
  extensionToken: (extensionId: string) => request<ExtTokenResponse>('POST', '/api/ext-token', { extensionId }),
  installs: () => request<{ installs: InstallView[] }>('GET', '/api/admin/installs').then(({ installs }) => installs),
  versions: () => request<{ versions: VersionView[] }>('GET', '/api/admin/versions').then(({ versions }) => versions),
  updateInstall: (id: string, change: InstallPatch) =>
    request<{ install: InstallView }>('PATCH', `/api/admin/installs/${encodeURIComponent(id)}`, change).then(
      ({ install }) => install,
    ),
  /** The logged-in user's view state of an extension's entry point, kept by the gateway. */
  viewState: {
    get: ({ installId, entryPoint, route }: HostViewStateKey) => {
      const query = new URLSearchParams({ installId, entryPoint, ...(route === undefined ? {} : { route }) });
      return request<HostViewStateAnswer>('GET', `${HOST_VIEW_STATE_ROUTE}?${query}`).then(({ state }) => state);
    },
    /** Stores `update.state`, or clears it with `null`. */
    set: (update: HostViewStateUpdate) =>
      request<HostViewStateAnswer>('PUT', HOST_VIEW_STATE_ROUTE, update).then(() => undefined),
  },
};
