#!/usr/bin/env node
// The product's server as it would run in production: every setting from the environment.
// (For a local run with a runner and hello published, use `npm start`: dev/start.ts.)
import { fileURLToPath } from 'node:url';
import { createHostApp } from './app.js';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see examples/host-express/README.md)`);
  return value;
}

const port = Number(process.env['PORT'] ?? 3000);
const origin = process.env['HOST_ORIGIN'] ?? `http://localhost:${port}`;
const app = await createHostApp({
  sessionSecret: setting('SESSION_SECRET'),
  webRoot: fileURLToPath(new URL('../web', import.meta.url)),
  extsys: {
    tokens: { keys: [JSON.parse(setting('EXT_TOKEN_KEY')) as Record<string, string>], issuer: origin },
    runner: {
      url: setting('RUNNER_URL'),
      publicUrl: process.env['RUNNER_PUBLIC_URL'] ?? setting('RUNNER_URL'),
      serviceCredential: setting('RUNNER_SERVICE_TOKEN'),
    },
    helloBundle: setting('HELLO_BUNDLE'),
  },
});
app.listen(port, process.env['HOST'] ?? '127.0.0.1', () => console.log(`host-express: ${origin}`));
