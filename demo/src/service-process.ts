import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { StackError } from './errors.js';
import { repoPath } from './repo.js';

export type ServiceName = 'runner' | 'gateway';

export interface ServiceSpec {
  name: ServiceName;
  /** The service's compiled entry point (`runner/dist/main.js`). */
  entry: string;
  /** The child's whole environment besides PATH/HOME/locale (nothing else leaks in from the parent). */
  env: Record<string, string>;
  /** Answers 200 once the service can take traffic. */
  readyUrl: string;
  onLog?: (line: string) => void;
  /** How long to wait for readyUrl before giving up (default 30 s). */
  readyTimeoutMs?: number;
  /** How long a SIGTERM may take before SIGKILL (default 15 s). */
  stopGraceMs?: number;
}

/** Always the built guard: under vitest this module runs from src/, where there is no .js. */
const GUARD = repoPath('demo/dist/child-guard.js');
const KEPT_LINES = 40;
/** The parent variables a service may see: enough to run node, nothing that configures a service. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT'];

/** Every child alive in this process, killed if the process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/**
 * One service as a child process: started under child-guard (so it dies with its parent), its
 * output split into lines (the last ones kept for error messages), ready when its URL answers 200.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];

  constructor(private readonly spec: ServiceSpec) {}

  get name(): ServiceName {
    return this.spec.name;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The service's last log lines, oldest first. */
  recentLines(): string[] {
    return [...this.lines];
  }

  /** The running process's id (undefined when none runs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Spawns the service and resolves once a new process is ready; rejects (and kills it) if it exits
   * or stalls. When a process is already there it must answer its ready URL: one that was killed
   * from outside (its exit not yet seen) is waited for and replaced, and one that neither answers
   * nor exits (stopped, hung) is refused rather than reported as running.
   */
  async start(): Promise<void> {
    if (this.child) {
      if (await answers(this.spec.readyUrl)) return;
      const exitedInTime = await Promise.race([this.exited.then(() => true), sleep(2000).then(() => false)]);
      if (!exitedInTime) {
        throw new StackError(
          'service_unresponsive',
          `the ${this.name} (pid ${this.child?.pid}) neither answers ${this.spec.readyUrl} nor exits; ` +
            'resume it if it was paused, or stop it first',
        );
      }
    }
    const env: Record<string, string> = {};
    for (const name of INHERITED) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, this.spec.env);
    const child = spawn(process.execPath, [GUARD, this.spec.entry], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    trackChild(child);
    const outputClosed = Promise.all(
      [child.stdout, child.stderr].map((stream) => {
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        lines.on('line', (line) => this.record(line));
        return new Promise<void>((resolveClose) => lines.once('close', resolveClose));
      }),
    );
    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        exitInfo = { code, signal };
        if (this.child === child) this.child = undefined;
        resolveExit();
      });
    });
    // A spawn failure (no node binary) surfaces as 'error' followed by 'exit'.
    child.once('error', (error) => this.record(`spawn failed: ${error.message}`));

    const deadline = Date.now() + (this.spec.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (exitInfo) {
        await outputClosed; // the last lines arrive after 'exit'
        const inUse = this.lines.some((line) => line.includes('EADDRINUSE'));
        throw new StackError(
          inUse ? 'port_in_use' : 'service_exited',
          `the ${this.name} exited during start (${exitInfo.signal ?? `code ${exitInfo.code}`})` +
            `${inUse ? ': its port is already in use' : ''}. Last log lines:\n${this.formatRecent()}`,
        );
      }
      if (await answers(this.spec.readyUrl)) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new StackError(
          'service_not_ready',
          `the ${this.name} did not answer ${this.spec.readyUrl} within ${(this.spec.readyTimeoutMs ?? 30_000) / 1000} s. ` +
            `Last log lines:\n${this.formatRecent()}`,
        );
      }
      await Promise.race([sleep(100), this.exited]);
    }
  }

  /** Sends a signal (a fault a test injects: SIGKILL, SIGSTOP, SIGCONT); SIGKILL resolves once it exited. */
  async signal(signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): Promise<void> {
    const child = this.child;
    if (!child) throw new StackError('service_not_running', `the ${this.name} is not running`);
    child.kill(signal);
    if (signal === 'SIGKILL') await this.exited;
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), this.spec.stopGraceMs ?? 15_000);
    await this.exited;
    clearTimeout(force);
  }

  private record(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
    this.spec.onLog?.(line);
  }

  private formatRecent(): string {
    const lines = this.lines.slice(-15);
    return lines.length === 0 ? '  (no output)' : lines.map((line) => `  ${this.name}| ${line}`).join('\n');
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));
