import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Manifest } from '@extsys/protocol/manifest';
import { CliError } from '../cli-error.js';
import { step } from '../step.js';
import { locateCheckout } from './checkout.js';
import { findLocalPackages, packLocalPackages, VENDOR_DIR } from './local-packages.js';
import { projectPackageJson } from './package-json.js';
import { pinnedVersions } from './pinned-versions.js';
import { projectNames } from './project-names.js';
import { checkTargetDir } from './target-dir.js';
import { renderTemplate } from './template-files.js';
import { HANDLER_RUNTIME, isExtsysPackage, templateParts, type HandlerLanguage, type UiTemplate } from './template.js';

export interface CreateRequest {
  dir: string;
  template: UiTemplate;
  handler: HandlerLanguage;
  /** Run `npm install` in the new project. */
  install: boolean;
}

export interface Created {
  projectDir: string;
  files: number;
}

/**
 * Creates the project. Everything that can refuse (names, target, checkout build, template,
 * manifest) is checked before the first write; if a later step fails (packing, writing), what
 * was written is removed again, so a failed create leaves nothing behind.
 */
export async function createProject(request: CreateRequest): Promise<Created> {
  const projectDir = resolve(request.dir);
  const checkout = await locateCheckout();
  const { exists } = await checkTargetDir(projectDir, checkout.root);
  const names = projectNames(projectDir);
  const parts = templateParts(request.template, request.handler);
  const extsysPackages = [
    ...new Set(
      parts.flatMap((p) => [...p.packages.dependencies, ...p.packages.devDependencies]).filter(isExtsysPackage),
    ),
  ];
  const localPackages = await findLocalPackages(checkout, extsysPackages);
  const versionOf = await pinnedVersions(checkout);
  const { runtime, module } = HANDLER_RUNTIME[request.handler];
  const files = await renderTemplate(checkout.templatesDir, parts, {
    ...names,
    runtime,
    handlerModule: module,
  });
  checkManifest(files.get('manifest.json'));

  const written = exists ? new Set(await readdir(projectDir)) : undefined;
  try {
    const vendorDir = join(projectDir, VENDOR_DIR);
    await mkdir(vendorDir, { recursive: true });
    const tarballs = await step(
      `packing ${extsysPackages.join(', ')} from ${checkout.root} into ${relative(process.cwd(), vendorDir) || '.'} (npm pack)`,
      () => packLocalPackages(localPackages, vendorDir),
    );
    files.set(
      'package.json',
      projectPackageJson({
        packageName: names.packageName,
        parts,
        versionOf,
        tarballOf: (name) => tarballs.get(name)!,
        cliDir: checkout.cliDir,
      }),
    );
    await step(`writing ${files.size} files to ${projectDir}`, async () => {
      for (const [path, text] of files) {
        const target = join(projectDir, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text, { flag: 'wx' });
      }
    });
  } catch (error) {
    await removeWhatWasWritten(projectDir, written);
    throw error;
  }
  if (request.install) await step(`installing (npm install in ${projectDir})`, () => npmInstall(projectDir));
  return { projectDir, files: files.size };
}

/** The rendered manifest must pass the protocol's schema: a template that would not pack is a CLI bug. */
function checkManifest(text: string | undefined): void {
  const parsed = Manifest.safeParse(JSON.parse(text ?? 'null'));
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new CliError(
      'template_invalid',
      `the template's manifest.json is not valid: ${problem?.path.join('.') || 'manifest'}: ${problem?.message ?? 'invalid'}`,
    );
  }
}

/** Removes the folder create made, or only the entries it added to an empty folder that was there. */
async function removeWhatWasWritten(projectDir: string, before: Set<string> | undefined): Promise<void> {
  if (before === undefined) {
    await rm(projectDir, { recursive: true, force: true });
    return;
  }
  for (const entry of await readdir(projectDir).catch(() => [] as string[])) {
    if (!before.has(entry)) await rm(join(projectDir, entry), { recursive: true, force: true });
  }
}

function npmInstall(projectDir: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // The install's own output is the progress: the user sees npm's warnings and errors as they come.
    const child = spawn('npm', ['install'], {
      cwd: projectDir,
      stdio: ['ignore', process.stderr, process.stderr],
      shell: process.platform === 'win32',
    });
    child.on('error', (error) => reject(new CliError('install_failed', `could not run npm install: ${error.message}`)));
    child.on('exit', (code) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new CliError(
            'install_failed',
            `npm install in ${projectDir} failed (exit ${code ?? 'signal'}): the project is created; fix the cause above and run "npm install" there`,
          ),
        );
    });
  });
}
