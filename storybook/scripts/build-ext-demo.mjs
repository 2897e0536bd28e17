// Builds ext-demo/main.tsx (ext SDK + UI kit) as one classic script + one stylesheet into
// public/<runnerPath>/ext-ui/<id>/<contentHash>/, laid out as the runner serves a bundle (the
// manifest's UI folder at the hash's root). A classic
// script (not a module) because a sandboxed, opaque-origin iframe fetches module scripts with CORS.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const demo = JSON.parse(await readFile(join(root, 'ext-demo/demo.json'), 'utf8'));
const outDir = join(root, 'public', demo.runnerPath, 'ext-ui', demo.id, demo.contentHash);
await rm(join(root, 'public', demo.runnerPath), { recursive: true, force: true });
await build({
  configFile: false,
  logLevel: 'error',
  root,
  publicDir: false,
  plugins: [react()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir,
    emptyOutDir: true,
    minify: true,
    target: 'es2022',
    lib: { entry: join(root, 'ext-demo/main.tsx'), formats: ['iife'], name: 'extDemo', fileName: () => 'app.js' },
    rollupOptions: { output: { assetFileNames: 'app[extname]' } },
  },
});
await mkdir(outDir, { recursive: true });
await writeFile(
  join(outDir, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Demo tickets</title>
    <link rel="stylesheet" href="./app.css" />
    <script src="./app.js" defer></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`,
);
console.log(`ext demo built into ${outDir}`);
