// Puts manifest.json at the root of the bundle folder, next to ui/ and handler/.
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist/bundle', { recursive: true });
copyFileSync('manifest.json', 'dist/bundle/manifest.json');
console.log('dist/bundle/manifest.json');
