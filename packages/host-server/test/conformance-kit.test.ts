// The conformance suite (@extsys/host-server/conformance) against the kit itself, served three
// ways: the fetch handler called with web Requests (as a Next.js route handler calls it), the
// node:http adapter as Express middleware, and the Fastify plugin — each over the real runner.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  conformanceCases,
  fetchHandlerSender,
  httpSender,
  type ConformanceInstall,
  type ConformanceSender,
  type ConformanceTarget,
} from '../src/conformance/index.js';
import { extensionGatewayPlugin } from '../src/fastify/index.js';
import {
  createExtensionGateway,
  createExtensionTokens,
  memoryRateLimit,
  type ExtensionGateway,
  type ExtensionInstall,
} from '../src/index.js';
import { toNodeHandler } from '../src/node/index.js';
import {
  LIMITS,
  SERVICE_TOKEN,
  startConformanceSystem,
  type ConformanceBundle,
  type ConformanceSystem,
} from './support/conformance-system.js';

const ISSUER = 'https://host.conformance.test';

let system: ConformanceSystem;
let installs: ConformanceTarget['installs'];
/** The host's install records, by tenant and extension. */
const records = new Map<string, ExtensionInstall>();

function install(tenantId: string, userId: string, id: string, bundle: ConformanceBundle): ConformanceInstall {
  records.set(`${tenantId}/${bundle.extensionId}`, {
    id,
    extensionId: bundle.extensionId,
    version: bundle.version,
    contentHash: bundle.contentHash,
    enabled: true,
    endpoints: bundle.endpoints,
    grants: [],
    egress: [],
    config: {},
    secrets: {},
  });
  return { tenantId, userId, installId: id, extensionId: bundle.extensionId, contentHash: bundle.contentHash };
}

beforeAll(async () => {
  system = await startConformanceSystem();
  const { primary, other } = system.bundles;
  const otherExtension = install('acme', 'alice', 'ins_acme_other', other);
  installs = {
    primary: install('acme', 'alice', 'ins_acme_conformance', primary),
    otherTenant: install('globex', 'carol', 'ins_globex_conformance', primary),
    otherExtension,
    rateLimited: otherExtension,
  };
});

afterAll(async () => {
  await system?.close();
});

/** A gateway of this host, calling the runner at `runnerUrl`. */
async function gateway(runnerUrl: string): Promise<ExtensionGateway> {
  return createExtensionGateway({
    runner: { url: runnerUrl, serviceCredential: SERVICE_TOKEN },
    tokens: await createExtensionTokens({ keys: [system.signingKey], issuer: ISSUER }),
    resolveInstall: ({ tenantId, extensionId }) => records.get(`${tenantId}/${extensionId}`),
    limits: { maxBodyBytes: LIMITS.maxBodyBytes },
    rateLimit: memoryRateLimit({ capacity: LIMITS.rateLimitBurst, refillPerSecond: LIMITS.rateLimitPerSecond }),
  });
}

interface Served {
  send: ConformanceSender;
  close(): Promise<void>;
}

async function listening(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closing(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const HOSTS: Record<string, (gateway: ExtensionGateway) => Promise<Served>> = {
  'the fetch handler (gateway.handle)': async (gateway) => ({
    send: fetchHandlerSender((request) => gateway.handle(request)),
    close: () => gateway.close(),
  }),
  'Express (toNodeHandler as middleware)': async (gateway) => {
    const app = express();
    app.use(toNodeHandler(gateway));
    app.use((_req, res) => void res.status(404).send('not the gateway'));
    const server = app.listen(0, '127.0.0.1');
    const url = await listening(server);
    return {
      send: httpSender(url),
      close: async () => {
        await closing(server);
        await gateway.close();
      },
    };
  },
  'Fastify (extensionGatewayPlugin)': async (gateway) => {
    const app = Fastify();
    await app.register(extensionGatewayPlugin, { gateway, logAudit: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return {
      send: httpSender(url),
      close: async () => {
        await app.close();
        await gateway.close();
      },
    };
  },
};

describe.each(Object.entries(HOSTS))('conformance: %s', (_name, serve) => {
  let target: ConformanceTarget;
  const served: Served[] = [];

  beforeAll(async () => {
    const up = await serve(await gateway(system.proxy.url));
    const down = await serve(await gateway(system.closedRunnerUrl));
    served.push(up, down);
    target = {
      send: up.send,
      sendRunnerDown: down.send,
      tokens: { issuer: ISSUER, signingKey: system.signingKey },
      installs,
      limits: { maxBodyBytes: LIMITS.maxBodyBytes, rateLimitBurst: LIMITS.rateLimitBurst },
      runnerCalls: () => system.proxy.calls,
    };
  });

  afterAll(async () => {
    for (const host of served) await host.close();
  });

  for (const conformanceCase of conformanceCases) {
    it(conformanceCase.name, () => conformanceCase.run(target));
  }
});
