import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The runner serves the UI at /ext-ui/{id}/{contentHash}/ under a strict CSP (script-src 'self',
// style-src 'self', no inline anything): relative URLs, external files only.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist/bundle/ui',
    emptyOutDir: true,
    target: 'es2022',
    // The modulepreload polyfill is an inline script, which the CSP refuses.
    modulePreload: { polyfill: false },
    // No data: fonts or scripts; small images could be inlined (img-src allows data:) but keep it simple.
    assetsInlineLimit: 0,
  },
});
