#!/usr/bin/env node
// Runs a service's entry point in this process and stops it when the process that started it goes
// away, however it went away (even SIGKILL): the parent holds our stdin, so stdin ending means the
// parent is gone. Usage: node child-guard.js <entry.js>
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: child-guard.js <entry.js>');
  process.exit(2);
}
process.argv.splice(2, 1);

process.stdin.on('end', () => {
  // The service's own SIGTERM handler shuts it down gracefully; exit anyway if it does not.
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 5000).unref();
});
process.stdin.resume();

await import(pathToFileURL(resolve(entry)).href);
