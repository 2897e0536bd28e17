import { isExtsysPackage, type TemplatePart } from './template.js';
import { VENDOR_DIR } from './local-packages.js';

export interface PackageJsonInput {
  packageName: string;
  parts: readonly TemplatePart[];
  /** The exact version the checkout pins a third-party package at. */
  versionOf: (name: string) => string;
  /** An extsys package's tarball file name in vendor/extsys/. */
  tarballOf: (name: string) => string;
  /** The checkout's packages/cli, linked as the project's `extsys`. */
  cliDir: string;
}

const sorted = (entries: Iterable<[string, string]>) =>
  Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));

/**
 * The project's package.json. Third-party packages are pinned exactly (as the checkout pins
 * them); extsys packages are `file:vendor/extsys/<tarball>` until they are on the registry (then
 * `0.1.0`: see docs/packages/cli.md); the CLI is a `file:` link to the checkout's packages/cli, so
 * `npm run dev` runs the checkout's CLI, runner and gateway.
 */
export function projectPackageJson(input: PackageJsonInput): string {
  const spec = (name: string) =>
    isExtsysPackage(name) ? `file:${VENDOR_DIR}/${input.tarballOf(name)}` : input.versionOf(name);
  const dependencies = new Map<string, string>();
  const devDependencies = new Map<string, string>();
  for (const { packages } of input.parts) {
    for (const name of packages.dependencies) dependencies.set(name, spec(name));
    for (const name of packages.devDependencies) devDependencies.set(name, spec(name));
  }
  for (const name of dependencies.keys()) devDependencies.delete(name);
  devDependencies.set('@extsys/cli', `file:${input.cliDir}`);
  const packageJson = {
    name: input.packageName,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'extsys dev',
      build: 'extsys build',
      test: 'vitest run',
      typecheck: 'tsc --noEmit',
      // Not "publish": npm runs a script of that name as a hook of `npm publish`.
      'publish:extension': 'extsys publish',
      logs: 'extsys logs --follow',
    },
    dependencies: sorted(dependencies),
    devDependencies: sorted(devDependencies),
  };
  return `${JSON.stringify(packageJson, null, 2)}\n`;
}
