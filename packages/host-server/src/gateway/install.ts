import type { ExecuteRequest, ManifestEndpoint } from '@extsys/protocol';

/**
 * What the gateway needs of a tenant's install of an extension: where its calls go and what they
 * may use. Built by the host from its own records (the manifest's `api.endpoints` come from the
 * published version).
 */
export interface ExtensionInstall {
  /** The install's id, as minted into the token's `ins`. */
  id: string;
  extensionId: string;
  version: string;
  /** The content hash of the installed version's bundle. */
  contentHash: string;
  /** A disabled install answers `extension_not_available`. */
  enabled: boolean;
  /** The installed version's manifest endpoints (`manifest.api.endpoints`; none without an API). */
  endpoints: readonly ManifestEndpoint[];
  /** Capabilities the tenant granted (the runner intersects them with the manifest's). */
  grants: ExecuteRequest['grants'];
  /** Origins the handler may call with `http.fetch`. */
  egress: ExecuteRequest['egress'];
  config: ExecuteRequest['config'];
  /** Sent to the runner for `secrets.read`; never logged. */
  secrets: ExecuteRequest['secrets'];
}

/** The install `tenantId` has of `extensionId`, or undefined when it has none. */
export type ResolveInstall = (query: {
  tenantId: string;
  extensionId: string;
}) => ExtensionInstall | undefined | Promise<ExtensionInstall | undefined>;

/** Who the handler is told it runs for (capability `user.read`). */
export type HandlerUser = NonNullable<ExecuteRequest['user']>;
