import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateExtensionTokenKey } from '@extsys/host-server';
import { freePort, postgresUnavailable, startPostgres, type TemporaryPostgres } from '@extsys/postgres/testing';
import { ClusterError } from './errors.js';
import { createNginx, nginxUnavailable } from './nginx.js';
import { createPublisherKey, publishExtension, type Published } from './publish.js';
import { repoPath } from './repo.js';
import { ServiceProcess } from './service-process.js';
import { databaseSupport, type DatabaseSupport } from './support.js';

export const CLUSTER_TENANTS = ['acme', 'globex'] as const;
export const HELLO_BUNDLE = repoPath('examples/hello/dist/bundle');

export interface ClusterOptions {
  /** Runner processes behind nginx (default 2). */
  runners?: number;
  /** Gateway processes behind nginx (default 2). */
  gateways?: number;
  /**
   * `postgres` (default): a throwaway PostgreSQL is started and both services get its
   * `DATABASE_URL`; `sqlite`: no `DATABASE_URL`, the replicas share SQLite files on this machine
   * (WAL), as they also do while a service does not read `DATABASE_URL` yet.
   */
  database?: 'postgres' | 'sqlite';
  /** Extension folders to publish and install for both tenants (default: the hello example). */
  extensions?: string[];
  /** Settings of every runner / gateway, applied last. */
  runnerEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  /** nginx's access log (default on; the benchmark turns it off). */
  accessLog?: boolean;
  onLog?: (process: string, line: string) => void;
}

/** One replica: a runner or a gateway process. */
export interface Replica {
  readonly name: string;
  /** Its own address (nginx is in front of it at the cluster's URLs). */
  readonly url: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Starts it again with the same settings and port; resolves once it is ready. */
  start(): Promise<void>;
  /** SIGTERM: a graceful stop (requests in flight finish); resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL: a crash; resolves once it is gone. */
  kill(): Promise<void>;
  recentLines(): string[];
}

export interface Cluster {
  /** nginx's public address: the gateways. */
  url: string;
  /** nginx's runner address: the gateways' `RUNNER_URL`, the browsers' runner origin. */
  runnerUrl: string;
  /** nginx's bundle store address (the runners' `BUNDLE_STORE`). */
  bundleStoreUrl: string;
  runners: Replica[];
  gateways: Replica[];
  /** The database both services were given (`DATABASE_URL`), or undefined with `database: 'sqlite'`. */
  databaseUrl: string | undefined;
  /** Which services read `DATABASE_URL` (the others share SQLite files). */
  support: DatabaseSupport;
  adminToken: string;
  published: Published[];
  /**
   * One more gateway with the same shared state and these settings on top, outside nginx (tests
   * address it directly: a gateway with a low rate limit, say). Stopped with the cluster.
   */
  addGateway(env: Record<string, string>): Promise<Replica>;
  /** nginx's error log so far (why it answered 502, which replica it gave up on). */
  nginxErrors(): Promise<string>;
  /** Stops every process, the database and removes every file; safe to call twice. */
  stop(): Promise<void>;
}

/** Why a cluster cannot be started on this machine (no nginx, no PostgreSQL), or undefined. */
export function clusterUnavailable(database: 'postgres' | 'sqlite' = 'postgres'): string | undefined {
  const nginx = nginxUnavailable();
  if (nginx) return nginx;
  return database === 'postgres' ? postgresUnavailable() : undefined;
}

const BUILT = [
  ['runner/dist/main.js', '@extsys/runner'],
  ['gateway-stub/dist/main.js', '@extsys/gateway-stub'],
  ['demo/dist/child-guard.js', '@extsys/demo'],
  ['examples/hello/dist/bundle/manifest.json', '@extsys-example/hello'],
] as const;

/**
 * Starts extsys as a cluster on loopback: a throwaway PostgreSQL, `runners` runner processes and
 * `gateways` gateway processes, and nginx in front of both (and serving the bundle store), then
 * publishes and installs the extensions. Any replica answers any request. On failure everything
 * started so far is stopped and removed before the error is thrown.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const runnerCount = options.runners ?? 2;
  const gatewayCount = options.gateways ?? 2;
  const database = options.database ?? 'postgres';
  for (const [path, name] of BUILT) {
    await access(repoPath(path)).catch(() => {
      throw new ClusterError('not_built', `${path} does not exist: build ${name} first (npm run build)`);
    });
  }
  const unavailable = clusterUnavailable(database);
  if (unavailable) {
    throw new ClusterError(nginxUnavailable() ? 'nginx_unavailable' : 'postgres_unavailable', unavailable);
  }

  const work = await mkdtemp(join(tmpdir(), 'extsys-cluster-'));
  const processes: ServiceProcess[] = [];
  let postgres: TemporaryPostgres | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Gateways first (they hold the runners' event streams), then runners, then nginx and the database.
    const [gatewaysFirst, rest] = [
      processes.filter((p) => p.name.startsWith('gateway')),
      processes.filter((p) => !p.name.startsWith('gateway')),
    ];
    await Promise.allSettled(gatewaysFirst.map((p) => p.stop()));
    await Promise.allSettled(rest.filter((p) => p.name !== 'nginx').map((p) => p.stop()));
    await Promise.allSettled(rest.filter((p) => p.name === 'nginx').map((p) => p.stop()));
    postgres?.stop();
    await rm(work, { recursive: true, force: true });
  };

  try {
    // The workers of nginx (as root: `nobody`) read the bundle store under this folder.
    await chmod(work, 0o755);
    const dirs = {
      bundles: join(work, 'bundles'),
      gatewayData: join(work, 'gateway'),
      runnerShared: join(work, 'runner'),
      nginx: join(work, 'nginx'),
      keys: join(work, 'keys'),
    };
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
    await chmod(dirs.bundles, 0o755);

    if (database === 'postgres') postgres = await startPostgres();
    const databaseUrl = postgres?.url;
    const support = databaseSupport();

    const ports = {
      gateway: await freePort(),
      runner: await freePort(),
      bundles: await freePort(),
      runners: await Promise.all(Array.from({ length: runnerCount }, () => freePort())),
      gateways: await Promise.all(Array.from({ length: gatewayCount }, () => freePort())),
    };
    const url = `http://127.0.0.1:${ports.gateway}`;
    const runnerUrl = `http://127.0.0.1:${ports.runner}`;
    const bundleStoreUrl = `http://127.0.0.1:${ports.bundles}/bundles/`;
    const log = (name: string) => options.onLog && ((line: string) => options.onLog?.(name, line));

    const nginx = await createNginx(
      {
        dir: dirs.nginx,
        gatewayPort: ports.gateway,
        gatewayUpstreams: ports.gateways,
        runnerPort: ports.runner,
        runnerUpstreams: ports.runners,
        bundlePort: ports.bundles,
        bundleDir: dirs.bundles,
        accessLog: options.accessLog ?? true,
      },
      log('nginx'),
    );
    processes.push(nginx);
    await nginx.start();

    const publisher = await createPublisherKey(join(dirs.keys, 'trust.json'));
    const runnerServiceToken = randomBytes(32).toString('base64url');
    const adminToken = randomBytes(32).toString('base64url');
    // One token signing key for every gateway: a token minted by one is accepted by the others. Given
    // as a setting (TOKEN_SIGNING_KEY) and as the key file of the shared data folder, which is where a
    // gateway that does not read the setting finds it.
    const tokenKey = JSON.stringify(await generateExtensionTokenKey());
    await writeFile(join(dirs.gatewayData, 'token-signing-key.jwk.json'), tokenKey, { mode: 0o600 });

    const databaseEnv: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
    const node = (name: string, entry: string, port: number, env: Record<string, string>, readyPath: string) =>
      new ServiceProcess({
        name,
        command: process.execPath,
        args: [repoPath('demo/dist/child-guard.js'), repoPath(entry)],
        env: { HOST: '127.0.0.1', PORT: String(port), ...env },
        readyUrl: `http://127.0.0.1:${port}${readyPath}`,
        onLog: log(name),
      });
    const replica = (proc: ServiceProcess, port: number): Replica => ({
      name: proc.name,
      url: `http://127.0.0.1:${port}`,
      get pid() {
        return proc.pid;
      },
      get running() {
        return proc.running;
      },
      start: () => proc.start(),
      stop: () => proc.stop(),
      kill: () => proc.kill(),
      recentLines: () => proc.recentLines(),
    });

    const runnerProcs = ports.runners.map((port, i) => {
      const cacheDir = join(work, `runner-${i + 1}-cache`);
      return node(
        `runner-${i + 1}`,
        'runner/dist/main.js',
        port,
        {
          BUNDLE_STORE: bundleStoreUrl,
          // Per replica: each runner keeps its own verified, extracted copies.
          BUNDLE_CACHE_DIR: cacheDir,
          // Shared while the runner keeps its state in SQLite (ignored once DATABASE_URL is read).
          KV_DB_PATH: join(dirs.runnerShared, 'kv.sqlite'),
          SIGNING_TRUST_BUNDLE: publisher.trustBundlePath,
          REQUIRE_SIGNATURES: 'true',
          EXT_UI_FRAME_ANCESTORS: url,
          EXT_UI_CONNECT_SRC: url,
          RUNNER_SERVICE_TOKEN: runnerServiceToken,
          SHUTDOWN_GRACE_MS: '2000',
          LOG_LEVEL: 'warn',
          ...databaseEnv,
          ...options.runnerEnv,
        },
        '/readyz',
      );
    });
    const gatewayEnv: Record<string, string> = {
      // Shared while the gateway keeps its registry and sessions in SQLite (and its key file).
      GATEWAY_DATA_DIR: dirs.gatewayData,
      BUNDLE_STORE: dirs.bundles,
      SIGNING_TRUST_BUNDLE: publisher.trustBundlePath,
      RUNNER_URL: runnerUrl,
      RUNNER_PUBLIC_ORIGIN: runnerUrl,
      RUNNER_SERVICE_TOKEN: runnerServiceToken,
      GATEWAY_ISSUER: url,
      ADMIN_TOKEN: adminToken,
      TOKEN_SIGNING_KEY: tokenKey,
      EXT_TOKEN_TTL_SECONDS: '600',
      LOG_LEVEL: 'warn',
      ...databaseEnv,
      ...options.gatewayEnv,
    };
    const gatewayProc = (name: string, port: number, extra: Record<string, string> = {}) =>
      node(name, 'gateway-stub/dist/main.js', port, { ...gatewayEnv, ...extra }, '/healthz');
    const gatewayProcs = ports.gateways.map((port, i) => gatewayProc(`gateway-${i + 1}`, port));
    processes.push(...runnerProcs, ...gatewayProcs);

    // Replicas of a service that reads DATABASE_URL start at once (its migrations are safe so);
    // replicas sharing a SQLite file start one after the other (its schema setup is not).
    const startAll = async (procs: ServiceProcess[], together: boolean) => {
      if (together) {
        const results = await Promise.allSettled(procs.map((p) => p.start()));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      } else {
        for (const p of procs) await p.start();
      }
    };
    // Runners first: a gateway opens its event stream to the runners as it starts.
    await startAll(runnerProcs, support.runner && databaseUrl !== undefined);
    await startAll(gatewayProcs, support.gateway && databaseUrl !== undefined);

    const published: Published[] = [];
    for (const folder of options.extensions ?? [HELLO_BUNDLE]) {
      published.push(await publishExtension(url, adminToken, folder, publisher, CLUSTER_TENANTS));
    }

    let extra = 0;
    return {
      url,
      runnerUrl,
      bundleStoreUrl,
      runners: runnerProcs.map((p, i) => replica(p, ports.runners[i]!)),
      gateways: gatewayProcs.map((p, i) => replica(p, ports.gateways[i]!)),
      databaseUrl,
      support,
      adminToken,
      published,
      addGateway: async (env) => {
        if (stopped) throw new ClusterError('setup_failed', 'this cluster was stopped');
        const port = await freePort();
        const proc = gatewayProc(`gateway-extra-${++extra}`, port, env);
        processes.push(proc);
        await proc.start();
        return replica(proc, port);
      },
      nginxErrors: () => readFile(join(dirs.nginx, 'error.log'), 'utf8').catch(() => ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
