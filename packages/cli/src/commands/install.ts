import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseManifest } from '@extsys/bundle';
import { CliError } from '../cli-error.js';
import { withAdminApi } from '../gateway/admin-api.js';
import { resolveGatewayTarget } from '../gateway/target.js';

interface InstallOptions {
  tenant: string;
  version?: string;
  extension?: string;
  gateway?: string;
  credentialFile?: string;
  grantAll?: boolean;
  disable?: boolean;
}

/**
 * `extsys install --tenant t [--version v]`: installs a published version for a tenant, or moves
 * the tenant's install to it. A new install is granted every capability and egress origin its
 * manifest asks for; an existing one keeps its grants (those the new version still declares)
 * unless --grant-all.
 */
export function registerInstall(program: Command): void {
  program
    .command('install')
    .description("install a published version for a tenant (or move the tenant's install to it)")
    .argument('[dir]', 'the extension project (its manifest names the extension and the default version)', '.')
    .requiredOption('--tenant <id>', 'the tenant to install for')
    .option('--version <version>', "the published version (default: the project's manifest version)")
    .option('--extension <id>', "the extension id (default: the project's manifest name)")
    .option('--grant-all', "grant every capability the version's manifest declares")
    .option('--disable', 'install (or leave) it disabled')
    .option('--gateway <url>', 'the gateway (default: EXTSYS_GATEWAY, else the dev stack http://localhost:8081)')
    .option('--credential-file <path>', 'a file holding the admin token (else EXTSYS_TOKEN)')
    .action(async (dir: string, options: InstallOptions) => {
      const projectDir = resolve(dir);
      const { extensionId, version } = await whatToInstall(projectDir, options);
      const target = await resolveGatewayTarget({ ...options, projectDir });
      const { install, created } = await withAdminApi(target, async (admin) => {
        const published = (await admin.versions()).find((v) => v.extensionId === extensionId && v.version === version);
        if (!published) {
          throw new CliError(
            'not_published',
            `${extensionId} ${version} is not published on this gateway: run extsys publish first`,
          );
        }
        return admin.installVersion({
          tenantId: options.tenant,
          extensionId,
          version,
          enabled: options.disable !== true,
          ...(options.grantAll ? { grants: published.capabilities } : {}),
        });
      });
      console.error(
        `${created ? 'created' : 'updated'} install ${install.id}: ${extensionId} ${version} for ${options.tenant}, ` +
          `${install.enabled ? 'enabled' : 'disabled'}, grants: ${install.grants.join(', ') || 'none'}`,
      );
      console.log(install.id);
    });
}

async function whatToInstall(
  projectDir: string,
  options: InstallOptions,
): Promise<{ extensionId: string; version: string }> {
  if (options.extension && options.version) return { extensionId: options.extension, version: options.version };
  const path = join(projectDir, 'manifest.json');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new CliError(
      'manifest_missing',
      `${path} does not exist: run in the extension project, or pass --extension and --version`,
    );
  }
  const manifest = parseManifest(bytes, path);
  return { extensionId: options.extension ?? manifest.name, version: options.version ?? manifest.version };
}
