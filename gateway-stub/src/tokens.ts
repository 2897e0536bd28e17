import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createExtensionTokens,
  generateExtensionTokenKey,
  type ExtensionTokenKey,
  type ExtensionTokens,
} from '@extsys/host-server';
import { ConfigError } from './config.js';

/** Where the signing key lives in the data folder (mode 600) when no shared key is configured. */
export const SIGNING_KEY_FILE = 'token-signing-key.jwk.json';

/**
 * The gateway's extension tokens (`@extsys/host-server`), signed with Ed25519; the public half is
 * served as a JWKS. The key is `sharedKey` (TOKEN_SIGNING_KEY: the same for every replica, so a
 * token minted by one is accepted by all), else one generated on first start into the data folder.
 */
export async function loadExtensionTokens(
  dataDir: string,
  issuer: string,
  ttlSeconds: number,
  sharedKey?: string,
): Promise<ExtensionTokens> {
  const key = sharedKey === undefined ? await dataFolderKey(dataDir) : parseSharedKey(sharedKey);
  try {
    return await createExtensionTokens({ keys: [key], issuer, ttlSeconds });
  } catch (error) {
    if (sharedKey === undefined) throw error;
    throw new ConfigError(`gateway configuration: TOKEN_SIGNING_KEY is unusable: ${(error as Error).message}`);
  }
}

async function dataFolderKey(dataDir: string): Promise<ExtensionTokenKey> {
  const path = join(dataDir, SIGNING_KEY_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as ExtensionTokenKey;
  const key = await generateExtensionTokenKey();
  writeFileSync(path, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/** The configured key; never quoted in an error (it is a secret). */
function parseSharedKey(text: string): ExtensionTokenKey {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    throw new ConfigError(
      'gateway configuration: TOKEN_SIGNING_KEY is not JSON; it must be a private Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","x":…,"d":…})',
    );
  }
  if (typeof key !== 'object' || key === null || typeof (key as { d?: unknown }).d !== 'string') {
    throw new ConfigError(
      'gateway configuration: TOKEN_SIGNING_KEY must be a private Ed25519 JWK, with its "d" (it signs tokens)',
    );
  }
  return key;
}
