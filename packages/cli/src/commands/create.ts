import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import { createProject } from '../create/create-project.js';
import { HANDLER_LANGUAGES, UI_TEMPLATES, type HandlerLanguage, type UiTemplate } from '../create/template.js';

interface CreateOptions {
  template: UiTemplate;
  handler: HandlerLanguage;
  install: boolean;
}

/** `extsys create <dir>`: a standalone extension project, outside the extsys checkout. */
export function registerCreate(program: Command): void {
  program
    .command('create')
    .description('create an extension project (UI, handler, typed API contract, tests) in a new folder')
    .argument('<dir>', 'the new folder (must not exist or be empty; outside the extsys checkout)')
    .addOption(
      // choices: an unknown value is a usage error (exit 2) that lists the allowed ones.
      new Option('--template <name>', 'the UI: React + @extsys/ui-kit, or plain TypeScript')
        .choices(UI_TEMPLATES)
        .default('react-ts'),
    )
    .addOption(
      new Option('--handler <language>', 'the handler: TypeScript (js@1) or AssemblyScript (wasm@1)')
        .choices(HANDLER_LANGUAGES)
        .default('ts'),
    )
    .option('--install', 'run npm install in the new project', false)
    .addHelpText(
      'after',
      '\nThe extsys packages are packed from this checkout into <dir>/vendor/extsys/ (they are not on the\n' +
        "npm registry yet); the project runs this checkout's CLI. Example: extsys create ../my-ext",
    )
    .action(async (dir: string, options: CreateOptions) => {
      const created = await createProject({ dir, ...options });
      const shown = relative(process.cwd(), created.projectDir) || '.';
      const cd = shown.includes(' ') ? `"${shown}"` : shown;
      console.log(`created ${created.projectDir} (${options.template}, ${options.handler} handler)`);
      console.log('next:');
      console.log(options.install ? `  cd ${cd} && npm run dev` : `  cd ${cd} && npm install && npm run dev`);
      console.log('  npm test            # the UI and handler unit tests');
      console.log('  npm run build       # dist/bundle, then: npx extsys publish');
    });
}
