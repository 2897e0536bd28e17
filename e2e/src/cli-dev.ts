// `extsys dev` for the e2e suite: a project outside the repository, the CLI as a child process
// (its stdout collected line by line), and a way to wait for what it prints.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectEnv } from '@extsys/cli/testing';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI_BIN = join(REPO, 'packages/cli/bin/extsys.js');

/** Ports of its own: neither the suite's shared stack (18080–18085) nor `npm run demo` (8080–8082). */
export const DEV_PORTS = {
  runner: Number(process.env['E2E_DEV_RUNNER_PORT'] ?? 18580),
  host: Number(process.env['E2E_DEV_HOST_PORT'] ?? 18581),
  quoteApi: Number(process.env['E2E_DEV_QUOTE_API_PORT'] ?? 18582),
};

/** The project's folder name; `extsys create` makes its extension id from it. */
const PROJECT_NAME = 'dev-loop-ext';
export const DEV_EXTENSION_ID = `com.example.${PROJECT_NAME}`;

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: projectEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${error.message}):\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

/**
 * A project as an author gets it: `extsys create` (the built CLI of this checkout) into the OS
 * temp folder — outside the repository, whose workspaces would otherwise take it in — then
 * `npm install` there (the extsys packages from the tarballs create packed, the rest from the npm
 * cache). Answers the project folder and how long each step took.
 */
export async function prepareProject(): Promise<{ dir: string; createMs: number; installMs: number }> {
  const parent = await mkdtemp(join(tmpdir(), 'extsys-dev-e2e-'));
  const dir = join(parent, PROJECT_NAME);
  const started = performance.now();
  await run(process.execPath, [CLI_BIN, 'create', dir], parent);
  const created = performance.now();
  await run('npm', ['install'], dir);
  return { dir, createMs: Math.round(created - started), installMs: Math.round(performance.now() - created) };
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

/**
 * `extsys dev` as the project runs it (`npm run dev`): the CLI the project installed, a link to
 * this checkout's (the project's devDependency `file:<checkout>/packages/cli`).
 */
export function startDev(projectDir: string): DevProcess {
  const child = spawn(
    process.execPath,
    [
      join(projectDir, 'node_modules/@extsys/cli/bin/extsys.js'),
      'dev',
      projectDir,
      '--host-port',
      String(DEV_PORTS.host),
      '--runner-port',
      String(DEV_PORTS.runner),
      '--quote-port',
      String(DEV_PORTS.quoteApi),
    ],
    { cwd: projectDir, env: projectEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
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

/** Removes the project and the temp folder made for it. */
export async function removeProject(dir: string): Promise<void> {
  await rm(dirname(dir), { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
}
