import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function registerInstall(program: Command): void {
  program
    .command('install')
    .description('(not yet implemented)')
    .action(() => {
      throw new CliError('not_implemented', 'extsys install is not implemented yet');
    });
}
