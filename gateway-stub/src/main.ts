#!/usr/bin/env node
// The gateway process: settings from the environment (see README), graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.js';
import { createGateway } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createGateway(config);
  await app.listen({ host: config.host, port: config.port });
  const stop = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    const reap = setInterval(() => app.server.closeIdleConnections(), 50);
    reap.unref();
    app.close().then(
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
