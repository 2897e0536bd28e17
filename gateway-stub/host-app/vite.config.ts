import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo host page: built into gateway-stub/dist/host-app, which the gateway serves at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/host-app', import.meta.url)),
    emptyOutDir: true,
    // The page's CSP allows no inline script: keep the module preload polyfill out of index.html.
    modulePreload: { polyfill: false },
    sourcemap: true,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
