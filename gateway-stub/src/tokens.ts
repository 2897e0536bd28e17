import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createExtensionTokens,
  generateExtensionTokenKey,
  type ExtensionTokenKey,
  type ExtensionTokens,
} from '@extsys/host-server';

/** Where the signing key lives in the data folder (mode 600). */
export const SIGNING_KEY_FILE = 'token-signing-key.jwk.json';

/**
 * The gateway's extension tokens (`@extsys/host-server`): its Ed25519 signing key is generated on
 * first start and kept in the data folder; its public half is served as a JWKS.
 */
export async function loadExtensionTokens(
  dataDir: string,
  issuer: string,
  ttlSeconds: number,
): Promise<ExtensionTokens> {
  const path = join(dataDir, SIGNING_KEY_FILE);
  let key: ExtensionTokenKey;
  if (existsSync(path)) {
    key = JSON.parse(readFileSync(path, 'utf8')) as ExtensionTokenKey;
  } else {
    key = await generateExtensionTokenKey();
    writeFileSync(path, JSON.stringify(key), { mode: 0o600 });
  }
  return createExtensionTokens({ keys: [key], issuer, ttlSeconds });
}
