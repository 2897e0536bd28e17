// The product's own API (same origin, session cookie) as the SPA calls it.
import type { ManifestUi } from '@extsys/protocol/manifest';

export interface Me {
  id: string;
  name: string;
  email: string;
  tenant: { id: string; name: string };
}

/** An app (an extension install) of the user's tenant, as /api/apps lists it. */
export interface App {
  id: string;
  extensionId: string;
  version: string;
  contentHash: string;
  title?: string;
  ui?: ManifestUi;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new ApiError(response.status, answer.error?.message ?? `${method} ${path}: ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const api = {
  me: () => call<Me>('GET', '/api/me'),
  login: (user: string, password: string) => call<Me>('POST', '/api/login', { user, password }),
  logout: () => call<void>('POST', '/api/logout'),
  apps: () => call<{ runnerBase: string; apps: App[] }>('GET', '/api/apps'),
  /** The token route's answer (`{token, expiresAt, ttlMs}`), as `<ExtensionFrame getToken>` takes it. */
  extensionToken: (extensionId: string) =>
    call<{ token: string; expiresAt: number; ttlMs: number }>(
      'POST',
      `/api/ext-token/${encodeURIComponent(extensionId)}`,
    ),
};
