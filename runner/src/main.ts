#!/usr/bin/env node
// The runner process: settings from the environment (see docs/packages/runner.md), graceful shutdown on SIGTERM/SIGINT.
import { gracefulClose, trackRequests } from '@extsys/service';
import { ConfigError, loadConfig } from './config.js';
import { createRunner } from './server.js';
import { startupWarnings } from './startup-warnings.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createRunner(config);
  trackRequests(app.server);
  for (const warning of startupWarnings(config)) app.log.warn(warning);
  await app.listen({ host: config.host, port: config.port });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    gracefulClose(app.server, () => app.close(), {
      graceMs: config.shutdownGraceMs,
      onTimeout: () => {
        app.log.error('in-flight requests did not finish in time; exiting');
        process.exit(1);
      },
    }).then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
