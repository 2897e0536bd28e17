import type { Install } from './registry-store.js';

/**
 * The values of an install's changeable columns, in table order (version, content_hash, enabled,
 * grants, config, secrets, egress), shared by the SQLite and PostgreSQL stores' INSERT and UPDATE.
 * SQLite stores `enabled` as 1/0, PostgreSQL as a boolean: the caller says which.
 */
export function installColumns<E>(
  install: Pick<Install, 'version' | 'contentHash' | 'enabled' | 'grants' | 'config' | 'secrets' | 'egress'>,
  enabled: (value: boolean) => E,
): [string, string, E, string, string, string, string] {
  return [
    install.version,
    install.contentHash,
    enabled(install.enabled),
    JSON.stringify(install.grants),
    JSON.stringify(install.config),
    JSON.stringify(install.secrets),
    JSON.stringify(install.egress),
  ];
}
