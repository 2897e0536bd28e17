#!/usr/bin/env node
// extsys-bundle: the bundle commands on their own (also reachable as `extsys <command>`). Every
// failure prints ONE line on stderr, `extsys-bundle <command>: <what and where> [<code>]`, and exits
// 1 (2 for a usage mistake).
import { BUNDLE_COMMAND_HELP, BUNDLE_COMMANDS, BundleUsageError } from './cli-commands.js';
import { BundleError } from './errors.js';

function usage(): string {
  const lines = Object.values(BUNDLE_COMMAND_HELP).map(({ synopsis, summary }) => `  ${synopsis}\n      ${summary}`);
  return `usage: extsys-bundle <command> [options]\n\n${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage());
    return command === undefined ? 2 : 0;
  }
  const run = BUNDLE_COMMANDS[command];
  if (!run) {
    console.error(`extsys-bundle: unknown command ${JSON.stringify(command)}; run "extsys-bundle help"`);
    return 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (error) {
    if (error instanceof BundleUsageError) {
      console.error(`extsys-bundle ${command}: ${oneLine(error.message)}; run "extsys-bundle help"`);
      return 2;
    }
    if (error instanceof BundleError) {
      console.error(`extsys-bundle ${command}: ${oneLine(error.message)} [${error.code}]`);
      return 1;
    }
    const { code, message } = error as NodeJS.ErrnoException;
    console.error(`extsys-bundle ${command}: ${oneLine(message ?? String(error))}${code ? ` [${code}]` : ''}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
