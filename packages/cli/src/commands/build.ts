import type { Command } from 'commander';
import { BuildFailure } from '../build/build-failure.js';
import { buildExtension } from '../build/extension.js';
import { readProject } from '../build/project.js';

/** `extsys build [dir]`: UI + handler + manifest into `<dir>/dist/bundle`, once. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the extension (UI with Vite, handler with esbuild or asc, manifest) into dist/bundle')
    .argument('[dir]', 'the extension project', '.')
    .addHelpText(
      'after',
      '\nProgress goes to stderr; a build error names the file and line (exit 1, code build_failed).\n' +
        'Then: extsys publish (or extsys dev, which builds, installs and watches).',
    )
    .action(async (dir: string) => {
      const project = await readProject(dir);
      await buildExtension(project, (line) => process.stderr.write(`${line}\n`)).catch((error: unknown) => {
        // The compiler's whole report (code frame included) first; the one-line summary last.
        if (error instanceof BuildFailure) process.stderr.write(`\n${error.report}\n\n`);
        throw error;
      });
      console.log(project.bundleDir);
    });
}
