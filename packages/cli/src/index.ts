export { createProgram, runCli } from './program.js';
export { CliError, UsageError, EXIT } from './cli-error.js';
