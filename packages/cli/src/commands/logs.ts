import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description('(not yet implemented)')
    .action(() => {
      throw new CliError('not_implemented', 'extsys logs is not implemented yet');
    });
}
