#!/usr/bin/env node
// `npm start`: the runner and this host on this machine, hello published and installed for both
// tenants; data (keys, secrets, the runner's KV) in examples/host-express/.data. Ctrl-C stops both.
import { fileURLToPath } from 'node:url';
import { startExampleStack } from './stack.js';

const stack = await startExampleStack({
  dataDir: fileURLToPath(new URL('../../.data', import.meta.url)),
  hostPort: Number(process.env['PORT'] ?? 3000),
  runnerPort: Number(process.env['RUNNER_PORT'] ?? 3001),
  onRunnerLog: process.env['RUNNER_LOGS'] ? (line) => console.log(`runner | ${line}`) : undefined,
});
console.log(`\nHarbor (an Express host with extsys) is running: ${stack.hostUrl}`);
console.log('Log in as nora (Northwind Traders) or gus (Globex), password "demo". Ctrl-C stops it.\n');
console.log(`runner ${stack.runnerUrl}; RUNNER_LOGS=1 shows its log lines.`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  });
}
