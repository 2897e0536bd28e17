#!/usr/bin/env node
// The gateway process: settings from the environment (see docs/packages/gateway-stub.md), graceful shutdown on SIGTERM/SIGINT.
import { gracefulClose, trackRequests } from '@extsys/service';
import { ConfigError, loadConfig } from './config.js';
import { createGateway } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createGateway(config);
  trackRequests(app.server);
  await app.listen({ host: config.host, port: config.port });
  const stop = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // The gateway's calls are bounded by its proxy deadline; give them that long, plus a second.
    gracefulClose(app.server, () => app.close(), {
      graceMs: config.timeoutMs + 1000,
      onTimeout: () => {
        app.log.error('in-flight requests did not finish in time; exiting');
        process.exit(1);
      },
    }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
