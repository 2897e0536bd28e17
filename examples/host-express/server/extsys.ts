// Everything extsys here: each tenant's install of hello (all it asks for, no egress), the token route, /api/ext.
import { readFile } from 'node:fs/promises';
import { readBundle } from '@extsys/bundle';
import { createExtensionGateway, createExtensionTokens, type ExtensionTokensOptions } from '@extsys/host-server';
import { toNodeHandler } from '@extsys/host-server/node';
import type { Express } from 'express';
import { currentUser } from './session.js';
import { TENANTS, userById } from './users.js';

export interface ExtsysOptions {
  tokens: ExtensionTokensOptions; // keys: [generateExtensionTokenKey(), kept secret], issuer: this host's origin
  runner: { url: string; publicUrl: string; serviceCredential: string }; // publicUrl: for browsers (another site)
  helloBundle: string; // hello's signed bundle file, as published to the runner's store
}

export async function mountExtsys(app: Express, options: ExtsysOptions) {
  const { manifest, contentHash } = readBundle(await readFile(options.helloBundle));
  const { name: extensionId, version, capabilities: grants, api, ui, displayName: title } = manifest;
  const hello = { extensionId, version, contentHash, enabled: true, endpoints: api?.endpoints ?? [], grants };
  const installOf = (tenant: string) => ({ ...hello, id: `${tenant}-hello`, egress: [], config: {}, secrets: {} });
  const installs = new Map(Object.keys(TENANTS).map((tenant) => [tenant, installOf(tenant)] as const));
  const tokens = await createExtensionTokens(options.tokens);
  const gateway = createExtensionGateway({
    runner: options.runner,
    tokens,
    resolveInstall: (query) => [installs.get(query.tenantId)].find((i) => i?.extensionId === query.extensionId),
    resolveUser: (id) => ({ id, displayName: userById(id)?.name }),
  });
  app.use(toNodeHandler(gateway));
  app.get('/api/apps', (req, res) => {
    const install = installs.get(currentUser(req)?.tenant.id ?? '');
    res.json({ runnerBase: options.runner.publicUrl, apps: install ? [{ ...hello, id: install.id, title, ui }] : [] });
  });
  app.post('/api/ext-token/:extensionId', async (req, res) => {
    const user = currentUser(req);
    const install = installs.get(user?.tenant.id ?? '');
    if (!user || !install || install.extensionId !== req.params.extensionId) return res.status(404).end();
    res.set('cache-control', 'no-store').json(await tokens.mint({ user: user.id, tenant: user.tenant.id, install }));
  });
}
