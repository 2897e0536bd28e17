// `extsys dev` for the e2e suite: a project outside the repository, the CLI as a child process
// (its stdout collected line by line), and a way to wait for what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI_BIN = join(REPO, 'packages/cli/bin/extsys.js');

/** Ports of its own: neither the suite's shared stack (18080–18085) nor `npm run demo` (8080–8082). */
export const DEV_PORTS = {
  runner: Number(process.env['E2E_DEV_RUNNER_PORT'] ?? 18580),
  host: Number(process.env['E2E_DEV_HOST_PORT'] ?? 18581),
  quoteApi: Number(process.env['E2E_DEV_QUOTE_API_PORT'] ?? 18582),
};

/**
 * A standalone extension project in the OS temp folder: a copy of `examples/hello` (sources,
 * manifest, Vite config) whose node_modules is the checkout's (the extsys packages are workspaces
 * there). Once `extsys create` is on main, this becomes `extsys create <tmp>` + `npm install`.
 */
export async function prepareProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'extsys-dev-e2e-'));
  const example = join(REPO, 'examples/hello');
  for (const entry of [
    'manifest.json',
    'package.json',
    'tsconfig.json',
    'vite.config.ts',
    'index.html',
    'src',
    'handler',
  ]) {
    await cp(join(example, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

export interface DevProcess {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line (already printed or to come) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Ctrl-C, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  output(): string;
}

export function startDev(projectDir: string): DevProcess {
  const child = spawn(
    process.execPath,
    [
      CLI_BIN,
      'dev',
      projectDir,
      '--host-port',
      String(DEV_PORTS.host),
      '--runner-port',
      String(DEV_PORTS.runner),
      '--quote-port',
      String(DEV_PORTS.quoteApi),
    ],
    // Plain lines (Playwright's runner sets FORCE_COLOR, which would win over NO_COLOR).
    { cwd: projectDir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
    for (const waiter of waiters) waiter();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => `${lines.join('\n')}\n--- stderr ---\n${stderr.join('')}`;

  return {
    child,
    lines,
    output,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`extsys dev printed no line matching ${pattern} in ${timeoutMs} ms:\n${output()}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`extsys dev exited before printing ${pattern}:\n${output()}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
        };
        waiters.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function removeProject(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
}
