import { Command, CommanderError } from 'commander';
import { BundleError } from '@extsys/bundle';
import { CliError, EXIT, UsageError } from './cli-error.js';
import { registerBundleCommands } from './commands/bundle.js';
import { registerCreate } from './commands/create.js';
import { registerDev } from './commands/dev.js';
import { registerBuild } from './commands/build.js';
import { registerInstall } from './commands/install.js';
import { registerLogs } from './commands/logs.js';
import { registerPublish } from './commands/publish.js';

/** The `extsys` program: every command registers itself from its own file. */
export function createProgram(): Command {
  const program = new Command('extsys')
    .description('Create, build, run, publish and watch extsys extensions.')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .exitOverride();
  for (const register of [
    registerCreate,
    registerDev,
    registerBuild,
    registerLogs,
    registerPublish,
    registerInstall,
    registerBundleCommands,
  ]) {
    register(program);
  }
  return program;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 usage mistake. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  const command = argv[0] ?? '';
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; commander already printed the rest.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      console.error(`extsys ${command}: ${oneLine(error.message)}; run "extsys ${command} --help"`);
      return EXIT.usage;
    }
    if (error instanceof CliError || error instanceof BundleError) {
      console.error(`extsys ${command}: ${oneLine(error.message)} [${error.code}]`);
      return EXIT.failed;
    }
    const { code, message } = error as NodeJS.ErrnoException;
    console.error(`extsys ${command}: ${oneLine(message ?? String(error))}${code ? ` [${code}]` : ''}`);
    return EXIT.failed;
  }
}
