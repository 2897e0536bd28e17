#!/usr/bin/env node
// `npm run demo`: builds the sample extensions, starts the whole stack on this machine, streams its
// logs, and stops everything on Ctrl-C. Usage: node demo/dist/cli.js [--reset] [--no-build]
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, styleText } from 'node:util';
import { isStackError } from './errors.js';
import { formatLogLine } from './log-format.js';
import { repoPath } from './repo.js';
import { startStack, type Stack } from './stack.js';

const USAGE = `usage: npm run demo [-- --reset] [-- --no-build] [-- --host-port N --runner-port N --quote-port N]

  --reset        delete ./data/demo first (keys, registry, KV data) and start from nothing
  --no-build     do not build the sample extensions (use their dist/bundle as they are)
  --quiet        do not stream the services' logs`;

const EXAMPLES = ['hello', 'records'];

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        reset: { type: 'boolean' },
        'no-build': { type: 'boolean' },
        quiet: { type: 'boolean' },
        'host-port': { type: 'string' },
        'runner-port': { type: 'string' },
        'quote-port': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) > 65535) {
      console.error(`--${name} ${value}: not a port number`);
      process.exit(2);
    }
    return Number(value);
  };

  const color = process.stdout.isTTY === true;
  const dataDir = repoPath('data/demo');
  if (values.reset) {
    await rm(dataDir, { recursive: true, force: true });
    console.log(`demo: removed ${dataDir}`);
  }
  if (!values['no-build']) await buildExamples();

  console.log('demo: starting runner, gateway and quote API, publishing the extensions…');
  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      hostPort: port('host-port', values['host-port']),
      runnerPort: port('runner-port', values['runner-port']),
      quoteApiPort: port('quote-port', values['quote-port']),
      onLog: values.quiet ? undefined : (service, line) => console.log(formatLogLine(service, line, color)),
    });
  } catch (error) {
    if (isStackError(error)) {
      console.error(`\ndemo: could not start [${error.code}]\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const bold = (text: string) => (color ? styleText('bold', text) : text);
  console.log(`
${bold('extsys demo is running')}

  Open ${bold(stack.hostUrl)}
  Log in as alice (Acme Corp, admin), bob (Acme Corp, member) or carol (Globex, admin); password: demo

  extensions  ${stack.published.map((p) => `${p.extensionId} ${p.version}`).join(', ')}
  runner      ${stack.runnerUrl}
  quote API   ${stack.quoteApiUrl}/quote
  data        ${dataDir}   (npm run demo -- --reset starts over)

  Ctrl-C stops everything.
`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log('demo: stopping anyway');
      process.exit(1);
    }
    stopping = true;
    console.log(`\ndemo: ${signal}, stopping runner, gateway and quote API…`);
    stack.stop().then(
      () => {
        console.log('demo: stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('demo: stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Runs `npm run build` in each sample extension that has one. */
async function buildExamples(): Promise<void> {
  for (const name of EXAMPLES) {
    const dir = repoPath(`examples/${name}`);
    let manifest: { scripts?: Record<string, string> };
    try {
      manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      continue; // not there: startStack names the missing bundle folder
    }
    if (!manifest.scripts?.['build']) continue;
    console.log(`demo: building examples/${name}…`);
    const code = await new Promise<number | null>((resolveRun) => {
      const child = spawn('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
      child.once('exit', resolveRun);
      child.once('error', () => resolveRun(1));
    });
    if (code !== 0) {
      console.error(`demo: building examples/${name} failed (exit ${code}); see above`);
      process.exit(1);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
