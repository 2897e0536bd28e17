import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds the fixtures if they are missing or stale (a no-op when `npm run build` just did it). */
export default function setup(): void {
  const script = fileURLToPath(new URL('../scripts/build-fixtures.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
