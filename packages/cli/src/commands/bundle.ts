import type { Command } from 'commander';
import { BUNDLE_COMMAND_HELP, BUNDLE_COMMANDS, BundleUsageError } from '@extsys/bundle';
import { UsageError } from '../cli-error.js';

/**
 * `extsys pack|sign|verify|inspect|keygen|build-handler`: the bundle commands of `extsys-bundle`
 * (one implementation in @extsys/bundle), each taking exactly the arguments it takes there.
 */
export function registerBundleCommands(program: Command): void {
  for (const [name, help] of Object.entries(BUNDLE_COMMAND_HELP)) {
    const run = BUNDLE_COMMANDS[name]!;
    program
      .command(name)
      .description(help.summary)
      .usage(help.synopsis.slice(name.length + 1))
      .helpGroup('Bundle commands (also `extsys-bundle <command>`):')
      .allowUnknownOption()
      .allowExcessArguments()
      .helpOption('-h, --help', 'show this help')
      .argument('[args...]')
      .action(async (args: string[]) => {
        try {
          await run(args);
        } catch (error) {
          if (error instanceof BundleUsageError) throw new UsageError(error.message);
          throw error;
        }
      });
  }
}
