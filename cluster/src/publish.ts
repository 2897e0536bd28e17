import { writeFile } from 'node:fs/promises';
import { generateSigningKey, packBundle, serializeSignature, signBundle, TRUST_BUNDLE_FORMAT } from '@extsys/bundle';
import { AdminClient } from '@extsys/gateway-stub/admin-client';

/** The publisher's key: bundles are signed with it, and every replica trusts it (trust bundle file). */
export interface PublisherKey {
  privateKeyPem: string;
  trustBundlePath: string;
}

export async function createPublisherKey(trustBundlePath: string): Promise<PublisherKey> {
  const key = generateSigningKey();
  await writeFile(
    trustBundlePath,
    `${JSON.stringify({ format: TRUST_BUNDLE_FORMAT, keys: [{ name: 'cluster', publicKey: key.publicKey }] }, null, 2)}\n`,
  );
  return { privateKeyPem: key.privateKeyPem, trustBundlePath };
}

export interface Published {
  extensionId: string;
  version: string;
  contentHash: string;
}

/**
 * Packs and signs a built extension folder, uploads it through `gatewayUrl` (any replica: the bundle
 * lands in the shared store, the version in the shared registry) and installs it, enabled, for each
 * tenant with every capability its manifest asks for.
 */
export async function publishExtension(
  gatewayUrl: string,
  adminToken: string,
  folder: string,
  key: PublisherKey,
  tenants: readonly string[],
): Promise<Published> {
  const packed = await packBundle(folder);
  const signature = serializeSignature(signBundle(packed.bytes, key.privateKeyPem, { signer: 'cluster' }));
  const admin = new AdminClient(gatewayUrl, adminToken);
  await admin.publishBundle(packed.bytes, signature);
  const { manifest } = packed;
  for (const tenantId of tenants) {
    await admin.installVersion({
      tenantId,
      extensionId: manifest.name,
      version: manifest.version,
      enabled: true,
      grants: manifest.capabilities,
      egress: manifest.http?.allow ?? [],
    });
  }
  return { extensionId: manifest.name, version: manifest.version, contentHash: packed.contentHash };
}
