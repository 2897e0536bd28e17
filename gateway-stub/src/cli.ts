#!/usr/bin/env node
// extsys-gateway publish: upload a signed bundle to a gateway and install it for tenants, in one step.
// extsys-gateway signing-key: a new token signing key for TOKEN_SIGNING_KEY (shared by every replica).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateExtensionTokenKey } from '@extsys/host-server';
import { BUNDLE_CONTENT_TYPE, HEADER } from '@extsys/protocol';

const USAGE = `usage: extsys-gateway publish <bundle> --gateway <url> [--admin-token <token>] [--tenant <id>]...
                      [--grant <capability>]... [--config key=value]... [--secret key=value]... [--disabled]

  Uploads <bundle> with its signature <bundle>.sig, then installs that version for each --tenant
  (or moves an existing install to it). The admin token defaults to $EXTSYS_ADMIN_TOKEN.

       extsys-gateway signing-key

  Prints a new private Ed25519 JWK: the value of TOKEN_SIGNING_KEY, the same for every gateway
  replica (keep it in a secret manager; whoever holds it can mint tokens).`;

class CliError extends Error {}

function pairs(values: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new CliError(`${flag} ${value}: expected key=value`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}

async function api(
  gateway: string,
  token: string,
  method: string,
  path: string,
  body: string | Uint8Array<ArrayBuffer>,
  contentType: string,
  extra: Record<string, string> = {},
) {
  let response: Response;
  try {
    response = await fetch(new URL(path, gateway), {
      method,
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...extra },
    });
  } catch (error) {
    throw new CliError(`${gateway}: cannot connect (${(error as Error).message})`);
  }
  const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } } & Record<
    string,
    unknown
  >;
  return { status: response.status, json };
}

async function publish(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      gateway: { type: 'string' },
      'admin-token': { type: 'string' },
      tenant: { type: 'string', multiple: true },
      grant: { type: 'string', multiple: true },
      config: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      disabled: { type: 'boolean' },
    },
  });
  const bundlePath = positionals[0];
  const gateway = values.gateway;
  const token = values['admin-token'] ?? process.env.EXTSYS_ADMIN_TOKEN;
  if (!bundlePath || !gateway) throw new CliError(USAGE);
  if (!token) throw new CliError('no admin token: pass --admin-token or set EXTSYS_ADMIN_TOKEN');
  const bytes = await readFile(bundlePath).catch(() => {
    throw new CliError(`${bundlePath}: cannot read the bundle`);
  });
  const signature = await readFile(`${bundlePath}.sig`).catch(() => {
    throw new CliError(`${bundlePath}.sig: missing; sign the bundle first (extsys-bundle sign)`);
  });
  const upload = await api(gateway, token, 'POST', '/api/admin/bundles', Uint8Array.from(bytes), BUNDLE_CONTENT_TYPE, {
    [HEADER.bundleSignature]: signature.toString('base64url'),
  });
  if (upload.status >= 400)
    throw new CliError(
      `publish ${bundlePath}: ${upload.json.error?.message ?? upload.status} [${upload.json.error?.code ?? 'http'}]`,
    );
  const version = upload.json.version as { extensionId: string; version: string; contentHash: string };
  console.log(
    `${upload.status === 201 ? 'published' : 'already published'} ${version.extensionId} ${version.version} (${version.contentHash})`,
  );

  const grants = values.grant;
  for (const tenantId of values.tenant ?? []) {
    const body = {
      tenantId,
      extensionId: version.extensionId,
      version: version.version,
      enabled: !values.disabled,
      ...(grants ? { grants } : {}),
      config: pairs(values.config, '--config'),
      secrets: pairs(values.secret, '--secret'),
    };
    let result = await api(gateway, token, 'POST', '/api/admin/installs', JSON.stringify(body), 'application/json');
    if (result.json.error?.code === 'conflict') {
      const listing = await fetch(new URL('/api/admin/installs', gateway), {
        headers: { authorization: `Bearer ${token}` },
      });
      const { installs } = (await listing.json()) as {
        installs: { id: string; tenantId: string; extensionId: string }[];
      };
      const existing = installs.find((i) => i.tenantId === tenantId && i.extensionId === version.extensionId);
      if (existing) {
        const { tenantId: _t, extensionId: _e, ...change } = body;
        result = await api(
          gateway,
          token,
          'PATCH',
          `/api/admin/installs/${existing.id}`,
          JSON.stringify(change),
          'application/json',
        );
      }
    }
    if (result.status >= 400)
      throw new CliError(
        `install for ${tenantId}: ${result.json.error?.message ?? result.status} [${result.json.error?.code ?? 'http'}]`,
      );
    console.log(`installed for ${tenantId}`);
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === '--help' || command === '-h' || command === 'help') {
  console.log(USAGE);
  process.exit(0);
}
const run =
  command === 'publish'
    ? publish(rest)
    : command === 'signing-key'
      ? generateExtensionTokenKey().then((key) => console.log(JSON.stringify(key)))
      : Promise.reject(new CliError(USAGE));
run.catch((error: unknown) => {
  console.error(error instanceof CliError ? `extsys-gateway: ${error.message}` : error);
  process.exit(error instanceof CliError && error.message === USAGE ? 2 : 1);
});
