import { GatewayError } from '../errors.js';
import type { Install, Version } from './registry-store.js';

/** The refusals both registry stores answer, worded once. */
export const versionTaken = (existing: Version) =>
  new GatewayError(
    'version_conflict',
    `${existing.extensionId} ${existing.version} is already published as ${existing.contentHash}; versions are immutable, publish a new version`,
  );

export const bundleTaken = (contentHash: string) =>
  new GatewayError('version_conflict', `bundle ${contentHash} is already published under another version`);

export const installTaken = (install: Pick<Install, 'tenantId' | 'extensionId'>) =>
  new GatewayError(
    'conflict',
    `${install.extensionId} is already installed for tenant ${install.tenantId}; PATCH that install`,
  );

export const noInstall = (id: string) => new GatewayError('install_not_found', `no install ${id}`);
