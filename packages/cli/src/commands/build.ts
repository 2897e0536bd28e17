import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('(not yet implemented)')
    .action(() => {
      throw new CliError('not_implemented', 'extsys build is not implemented yet');
    });
}
