import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import { DEV_LOGIN, startDevSession } from '../dev/dev-session.js';
import { DevTerminal } from '../dev/terminal.js';

interface DevFlags {
  hostPort: string;
  runnerPort: string;
  quotePort: string;
  verbose?: boolean;
}

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new UsageError(`${flag} ${value} is not a port (1-65535)`);
  return n;
}

/** `extsys dev [dir]`: the live author loop against a local stack. */
export function registerDev(program: Command): void {
  program
    .command('dev')
    .description(
      'run the extension on a local stack (runner + gateway + host page), rebuild and reinstall on every change',
    )
    .argument('[dir]', 'the extension project', '.')
    .option('--host-port <n>', 'the gateway and demo host page', '8081')
    .option('--runner-port <n>', 'the runner', '8080')
    .option('--quote-port <n>', 'the demo quote API', '8082')
    .option('--verbose', "print every service log line too (the runner's and gateway's pino JSON, on stderr)")
    .addHelpText(
      'after',
      '\nPrints the URL of the host page with the extension open; opens nothing. Log in as alice, password\n' +
        '"demo" (Acme Corp admin). Each saved change is rebuilt and published as a new dev version\n' +
        '(<version>-dev.<n>); the frame remounts at the same route and theme, without a page reload. A build\n' +
        'error is printed here and shown over the frame; the last good version keeps running. Requests,\n' +
        'handler log lines and frame events are printed as they happen. Ctrl-C stops everything.\n' +
        'State (keys, registry, KV) lives in <dir>/.extsys/dev.',
    )
    .action(async (dir: string, flags: DevFlags) => {
      const terminal = new DevTerminal();
      const session = await startDevSession({
        dir,
        hostPort: port('--host-port', flags.hostPort),
        runnerPort: port('--runner-port', flags.runnerPort),
        quotePort: port('--quote-port', flags.quotePort),
        verbose: flags.verbose ?? false,
        terminal,
      });
      process.stdout.write(
        `\n  ${session.project.manifest.displayName ?? session.project.manifest.name} is running: ${session.url}\n` +
          `  log in as ${DEV_LOGIN.user} / ${DEV_LOGIN.password} (${DEV_LOGIN.tenant} admin); the page keeps the route\n` +
          `  watching ${session.project.dir} — Ctrl-C stops\n\n`,
      );
      await new Promise<void>((resolveStopped) => {
        let stopping = false;
        const stop = () => {
          if (stopping) {
            // A second Ctrl-C: leave now (the services still stop: they watch their parent).
            process.exit(130);
          }
          stopping = true;
          terminal.info('stopping…');
          void session.stop().finally(resolveStopped);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
