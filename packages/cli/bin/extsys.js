#!/usr/bin/env node
// A committed shim: npm links a package's bins at install time, before `npm run build` has written
// dist/, so the bin must point at a file that already exists.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('extsys: the CLI is not built yet; run "npm run build" in the extsys checkout [cli_not_built]');
    process.exit(1);
  }
  throw error;
});
