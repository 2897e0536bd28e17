import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ClusterError } from './errors.js';

/** The parent variables a service may see: enough to run node, nothing that configures a service. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];
const KEPT_LINES = 40;

/** Every child alive in this process, killed if the process exits without stopping them. */
const live = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;
function track(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const [c, s] of live) c.kill(s);
    });
  }
  live.set(child, signal);
  child.once('exit', () => live.delete(child));
}

export interface ServiceProcessSpec {
  /** `runner-1`, `gateway-2`, `nginx`: names it in errors and log lines. */
  name: string;
  command: string;
  args: string[];
  /** The child's whole environment besides PATH/HOME/locale. */
  env: Record<string, string>;
  /** Answers 200 once the process can take traffic. */
  readyUrl: string;
  readyTimeoutMs?: number;
  /** How long a SIGTERM may take before SIGKILL (default 15 s). */
  stopGraceMs?: number;
  onLog?: (line: string) => void;
  /**
   * What the child gets if this process exits without stopping it: SIGKILL (default) for the node
   * services, SIGTERM for nginx (its master stops its workers; a SIGKILLed master leaves them behind).
   */
  exitSignal?: NodeJS.Signals;
}

/**
 * One process of the cluster (a runner, a gateway, nginx): spawned with a clean environment, its
 * output split into lines (the last ones kept for error messages), ready when its URL answers 200.
 * The node services run under the demo's child guard, so they die with the test process however it
 * ends (the guard watches its stdin, which this process holds).
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];

  constructor(private readonly spec: ServiceProcessSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  recentLines(): string[] {
    return [...this.lines];
  }

  /** Spawns the process and resolves once it is ready; rejects (and kills it) if it exits or stalls. */
  async start(): Promise<void> {
    if (this.child) throw new ClusterError('already_running', `${this.name} is already running (pid ${this.pid})`);
    const env: Record<string, string> = {};
    for (const name of INHERITED) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, this.spec.env);
    const child = spawn(this.spec.command, this.spec.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    track(child, this.spec.exitSignal ?? 'SIGKILL');
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.record(line));
    }
    let exitInfo: string | undefined;
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        exitInfo = signal ?? `code ${code}`;
        if (this.child === child) this.child = undefined;
        resolveExit();
      });
    });
    child.once('error', (error) => this.record(`spawn failed: ${error.message}`));

    const deadline = Date.now() + (this.spec.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (exitInfo !== undefined) {
        await sleep(50); // the last lines arrive after 'exit'
        throw new ClusterError(
          'service_exited',
          `${this.name} exited during start (${exitInfo}). Last log lines:\n${this.formatRecent()}`,
        );
      }
      if (await answers(this.spec.readyUrl)) return;
      if (Date.now() > deadline) {
        await this.kill();
        throw new ClusterError(
          'service_not_ready',
          `${this.name} did not answer ${this.spec.readyUrl} within ${(this.spec.readyTimeoutMs ?? 30_000) / 1000} s. ` +
            `Last log lines:\n${this.formatRecent()}`,
        );
      }
      await Promise.race([sleep(100), this.exited]);
    }
  }

  /** A crash: SIGKILL, no graceful close; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (a graceful stop: the service drains), SIGKILL after the grace period; resolves on exit. */
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

export const sleep = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));
