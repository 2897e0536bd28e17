// Runs a service's entry point and stops it when the process that started it goes away (even on
// SIGKILL): the parent holds our stdin, so its end means the parent is gone.
// Usage: node child-guard.js <entry.js>
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) throw new Error('usage: child-guard.js <entry.js>');
process.stdin.on('end', () => {
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 5000).unref();
});
process.stdin.resume();
await import(pathToFileURL(resolve(entry)).href);
