import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description('(not yet implemented)')
    .action(() => {
      throw new CliError('not_implemented', 'extsys publish is not implemented yet');
    });
}
