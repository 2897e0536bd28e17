import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('(not yet implemented)')
    .action(() => {
      throw new CliError('not_implemented', 'extsys dev is not implemented yet');
    });
}
