// The client side of this gateway's admin API (`/api/admin/*`), beside the routes it calls: what
// `@extsys/demo`'s stack and the `extsys` CLI (publish, install) use. fetch only — no server code.
import {
  BUNDLE_CONTENT_TYPE,
  ErrorResponse,
  HEADER,
  type InstallConfig,
  type InstallView,
  type VersionView,
} from '@extsys/protocol';

/** A refusal of the admin API (`code` is the gateway's error code), or `gateway_unreachable`. */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status; 0 when the gateway could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** What an install should be after `installVersion()`. */
export interface WantedInstall {
  tenantId: string;
  extensionId: string;
  version: string;
  enabled: boolean;
  /** Omitted: a new install gets every capability of the manifest, an existing one keeps its grants. */
  grants?: string[];
  /** Omitted: a new install gets the manifest's whole `http.allow`, an existing one keeps its list. */
  egress?: string[];
  config?: InstallConfig;
}

export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    /** The platform admin token or a publisher credential (`Authorization: Bearer`). */
    private readonly token: string,
  ) {}

  /** Uploads a signed bundle; `created` is false when the identical bundle was already published. */
  publishBundle(bytes: Uint8Array, signature: string): Promise<{ version: VersionView; created: boolean }> {
    return this.call('POST', '/api/admin/bundles', Uint8Array.from(bytes), {
      'content-type': BUNDLE_CONTENT_TYPE,
      [HEADER.bundleSignature]: Buffer.from(signature).toString('base64url'),
    });
  }

  async versions(): Promise<VersionView[]> {
    return (await this.call<{ versions: VersionView[] }>('GET', '/api/admin/versions')).versions;
  }

  async installs(): Promise<InstallView[]> {
    return (await this.call<{ installs: InstallView[] }>('GET', '/api/admin/installs')).installs;
  }

  /** Creates the tenant's install of the extension, or moves the existing one to `wanted`. */
  async installVersion(wanted: WantedInstall): Promise<{ install: InstallView; created: boolean }> {
    const { tenantId, extensionId, ...change } = wanted;
    const existing = (await this.installs()).find((i) => i.tenantId === tenantId && i.extensionId === extensionId);
    if (existing) {
      const body = JSON.stringify(change);
      const { install } = await this.call<{ install: InstallView }>(
        'PATCH',
        `/api/admin/installs/${existing.id}`,
        body,
        JSON_BODY,
      );
      return { install, created: false };
    }
    const body = JSON.stringify(wanted);
    const { install } = await this.call<{ install: InstallView }>('POST', '/api/admin/installs', body, JSON_BODY);
    return { install, created: true };
  }

  private async call<T>(
    method: string,
    path: string,
    body?: string | Uint8Array<ArrayBuffer>,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = new URL(path, this.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, { method, body, headers: { authorization: `Bearer ${this.token}`, ...headers } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new AdminApiError('gateway_unreachable', `cannot reach the gateway at ${url.origin} (${cause})`, 0);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) return json as T;
    const envelope = ErrorResponse.safeParse(json);
    const code = envelope.success ? envelope.data.error.code : `http_${response.status}`;
    const message = envelope.success ? envelope.data.error.message : `HTTP ${response.status}`;
    throw new AdminApiError(code, `${method} ${url.origin}${path}: ${message}`, response.status);
  }
}

const JSON_BODY = { 'content-type': 'application/json' };
