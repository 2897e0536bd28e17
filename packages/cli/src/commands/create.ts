import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function registerCreate(program: Command): void {
  program
    .command('create')
    .description('(not yet implemented)')
    .action(() => {
      throw new CliError('not_implemented', 'extsys create is not implemented yet');
    });
}
