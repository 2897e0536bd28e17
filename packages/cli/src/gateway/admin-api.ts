import { BUNDLE_CONTENT_TYPE, HEADER, type InstallView, type VersionView } from '@extsys/protocol';
import { CliError } from '../cli-error.js';
import type { GatewayTarget } from './target.js';

interface Envelope {
  error?: { code?: string; message?: string; requestId?: string };
}

/** An answer of the admin API that is not a success, with the gateway's code and message. */
export class AdminApiError extends CliError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

/** The gateway's admin API (`/api/admin/*`), as the platform admin or a publisher. */
export class AdminApi {
  constructor(private readonly target: GatewayTarget) {}

  /** Uploads a signed bundle; `created` is false when the identical bundle was already published. */
  async publishBundle(bytes: Uint8Array, signature: string): Promise<{ version: VersionView; created: boolean }> {
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

  async createInstall(body: {
    tenantId: string;
    extensionId: string;
    version: string;
    enabled: boolean;
  }): Promise<InstallView> {
    return (await this.call<{ install: InstallView }>('POST', '/api/admin/installs', JSON.stringify(body), JSON_BODY))
      .install;
  }

  async updateInstall(
    id: string,
    change: { version?: string; enabled?: boolean; grants?: string[] },
  ): Promise<InstallView> {
    return (
      await this.call<{ install: InstallView }>('PATCH', `/api/admin/installs/${id}`, JSON.stringify(change), JSON_BODY)
    ).install;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: string | Uint8Array<ArrayBuffer>,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const { url, credential } = this.target;
    let response: Response;
    try {
      response = await fetch(new URL(path, url), {
        method,
        body,
        headers: { authorization: `Bearer ${credential.token}`, ...headers },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(
        'gateway_unreachable',
        `cannot reach the gateway at ${url} (${cause}): is it running? (\`extsys dev\` starts one; --gateway or EXTSYS_GATEWAY names another)`,
      );
    }
    const json = (await response.json().catch(() => ({}))) as T & Envelope;
    if (response.ok) return json;
    const code = json.error?.code ?? `http_${response.status}`;
    const message = json.error?.message ?? `HTTP ${response.status}`;
    const hint =
      response.status === 401
        ? ` — the credential from ${credential.source} was refused; check EXTSYS_TOKEN / --credential-file`
        : response.status === 403
          ? ` — the credential from ${credential.source} may not do this`
          : '';
    throw new AdminApiError(code, `${method} ${url}${path}: ${message}${hint}`, response.status);
  }
}

const JSON_BODY = { 'content-type': 'application/json' };
