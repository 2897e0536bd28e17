import { defineConfig } from 'vite';

// The runner serves the UI at /ext-ui/{id}/{contentHash}/ under a strict CSP (script-src 'self',
// no inline anything): relative URLs, external files only. `extsys build` runs this build and
// expects the UI in dist/bundle/ui (keep outDir).
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist/bundle/ui',
    emptyOutDir: true,
    target: 'es2022',
    // The modulepreload polyfill is an inline script, which the CSP refuses.
    modulePreload: { polyfill: false },
    // Inlined assets would be data: URLs: keep every asset a file.
    assetsInlineLimit: 0,
  },
});
