#!/usr/bin/env node
// A committed shim: npm links a package's bins when it installs, before `npm run build` has written
// dist/, so a bin must name a file that exists in a fresh clone.
await import('../dist/cli.js');
