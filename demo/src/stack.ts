import { access } from 'node:fs/promises';
import type { VersionView } from '@extsys/protocol';
import { layoutOf, prepareDataDir } from './data-dir.js';
import { StackError } from './errors.js';
import { assertPortFree } from './ports.js';
import { AdminClient } from '@extsys/gateway-stub/admin-client';
import { packAndSign, publishAndInstall, type SignedBundle } from './publish.js';
import { startQuoteApi, type QuoteApi } from './quote-api.js';
import { repoPath } from './repo.js';
import { ServiceProcess, type ServiceName } from './service-process.js';

export interface StackOptions {
  /** Keys, trust bundle, bundle store, caches, SQLite; created if absent; reused across runs. */
  dataDir: string;
  /** Default 8081: gateway-stub + demo host page, origin http://localhost:<port>. */
  hostPort?: number;
  /** Default 8080: runner, origin http://127.0.0.1:<port> (a different site from the host). */
  runnerPort?: number;
  /** Default 8082: the allow-listed HTTP API served in-process, http://127.0.0.1:<port>. */
  quoteApiPort?: number;
  /** Bundle folders to pack, sign, publish; default the two examples' dist/bundle. */
  extensions?: string[];
  /**
   * Default ['acme', 'globex']: every extension installed + enabled, grants = manifest
   * capabilities, egress allowlist = the quote API origin.
   */
  tenants?: string[];
  /** The gateway's EXT_TOKEN_TTL_SECONDS, default 300. */
  tokenTtlSeconds?: number;
  /** Environment overrides, applied last. */
  runnerEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  /** Every log line of the services (pino JSON lines, plus anything they print). */
  onLog?: (service: ServiceName, line: string) => void;
  /**
   * Development-only gateway features for `extsys dev` (`GATEWAY_DEV_EVENTS=true`): the host page's
   * event stream (install changed, build status) and the frame's connection events in the log.
   */
  devEvents?: boolean;
}

/** One extension version published (and installed) by the stack. */
export interface PublishedVersion {
  extensionId: string;
  version: string;
  contentHash: string;
}

export interface PublishOptions {
  /** Publish under this version instead of the manifest's (the staged copy's manifest says it). */
  version?: string;
  /** Default: the stack's tenants. */
  tenants?: readonly string[];
}

export interface Stack {
  hostUrl: string;
  runnerUrl: string;
  quoteApiUrl: string;
  adminToken: string;
  published: PublishedVersion[];
  /**
   * Packs, signs, publishes and installs one more extension folder (or a new version of one) for
   * the tenants, the same way the extensions of `startStack()` were; resolves once every install
   * names the new version. Publishing the same bytes under the same version again is a no-op.
   */
  publish(folder: string, options?: PublishOptions): Promise<PublishedVersion>;
  /** Every version the gateway's registry holds (all extensions). */
  versions(): Promise<VersionView[]>;
  /** SIGTERMs the runner child and waits for it to exit. */
  stopRunner(): Promise<void>;
  /**
   * Starts the runner again with the same environment and port; resolves once a new runner process
   * is ready (a runner killed from outside is replaced; a paused one is refused: resume it).
   */
  startRunner(): Promise<void>;
  /** Kills the runner with SIGKILL, as a crash would (no graceful close); resolves once it is gone. */
  killRunner(): Promise<void>;
  /** Freezes the runner (SIGSTOP): its connections stay open and nothing answers, as in a stall. */
  pauseRunner(): Promise<void>;
  /** Lets a paused runner go on (SIGCONT). */
  resumeRunner(): Promise<void>;
  /** The runner's process id, while one runs. */
  readonly runnerPid: number | undefined;
  /** The gateway's process id, while it runs. */
  readonly gatewayPid: number | undefined;
  /** Stops every process and server it started. */
  stop(): Promise<void>;
}

export const DEFAULT_TENANTS = ['acme', 'globex'] as const;
export const DEFAULT_EXTENSIONS = [repoPath('examples/hello/dist/bundle'), repoPath('examples/records/dist/bundle')];

const BUILT = [
  ['runner/dist/main.js', '@extsys/runner'],
  ['gateway-stub/dist/main.js', '@extsys/gateway-stub'],
  ['demo/dist/child-guard.js', '@extsys/demo'],
  ['packages/bundle/dist/cli.js', '@extsys/bundle'],
] as const;

/**
 * Starts the whole system on this machine: the runner and the gateway-stub (which serves the demo
 * host page) as child processes, a quote API in this process, and the extensions packed, signed,
 * published and installed for every tenant. Rejects with a StackError (and leaves nothing running)
 * if any step fails.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const hostPort = options.hostPort ?? 8081;
  const runnerPort = options.runnerPort ?? 8080;
  const quoteApiPort = options.quoteApiPort ?? 8082;
  const hostUrl = `http://localhost:${hostPort}`;
  const runnerUrl = `http://127.0.0.1:${runnerPort}`;
  const quoteApiUrl = `http://127.0.0.1:${quoteApiPort}`;
  const tenants = options.tenants ?? [...DEFAULT_TENANTS];
  const extensions = options.extensions ?? DEFAULT_EXTENSIONS;

  for (const [path, name] of BUILT) {
    await access(repoPath(path)).catch(() => {
      throw new StackError('service_not_built', `${path} does not exist: build ${name} first (npm run build)`);
    });
  }
  const layout = layoutOf(options.dataDir);
  const secrets = await prepareDataDir(layout);
  await assertPortFree(runnerPort, 'runner');
  await assertPortFree(hostPort, 'gateway and host page');
  await assertPortFree(quoteApiPort, 'quote API');

  const runner = new ServiceProcess({
    name: 'runner',
    entry: repoPath('runner/dist/main.js'),
    readyUrl: `${runnerUrl}/readyz`,
    onLog: options.onLog && ((line) => options.onLog?.('runner', line)),
    env: {
      HOST: '127.0.0.1',
      PORT: String(runnerPort),
      BUNDLE_STORE: layout.bundleStore,
      BUNDLE_CACHE_DIR: layout.runnerCache,
      KV_DB_PATH: layout.runnerKv,
      SIGNING_TRUST_BUNDLE: layout.trustBundle,
      REQUIRE_SIGNATURES: 'true',
      EXT_UI_FRAME_ANCESTORS: hostUrl,
      EXT_UI_CONNECT_SRC: hostUrl,
      RUNNER_SERVICE_TOKEN: secrets.runnerServiceToken,
      // The quote API listens on loopback, which the runner's egress refuses by default (a handler
      // must not reach the machine's private services). The demo's only egress is the quote API,
      // and each install's allowlist still names exactly that origin.
      EGRESS_ALLOW_PRIVATE_NETWORKS: 'true',
      // stopRunner() stays quick even if a handler call hangs (browsers' idle and preconnected
      // sockets no longer hold the close: @extsys/service).
      SHUTDOWN_GRACE_MS: '2000',
      LOG_LEVEL: 'info',
      ...options.runnerEnv,
    },
  });
  const gateway = new ServiceProcess({
    name: 'gateway',
    entry: repoPath('gateway-stub/dist/main.js'),
    readyUrl: `http://127.0.0.1:${hostPort}/healthz`,
    onLog: options.onLog && ((line) => options.onLog?.('gateway', line)),
    env: {
      // Fastify listens on every address of "localhost" (127.0.0.1 and ::1 when there is one).
      HOST: 'localhost',
      PORT: String(hostPort),
      GATEWAY_DATA_DIR: layout.gatewayData,
      BUNDLE_STORE: layout.bundleStore,
      SIGNING_TRUST_BUNDLE: layout.trustBundle,
      RUNNER_URL: runnerUrl,
      RUNNER_PUBLIC_ORIGIN: runnerUrl,
      RUNNER_SERVICE_TOKEN: secrets.runnerServiceToken,
      GATEWAY_ISSUER: hostUrl,
      ADMIN_TOKEN: secrets.adminToken,
      EXT_TOKEN_TTL_SECONDS: String(options.tokenTtlSeconds ?? 300),
      LOG_LEVEL: 'info',
      ...(options.devEvents ? { GATEWAY_DEV_EVENTS: 'true' } : {}),
      ...options.gatewayEnv,
    },
  });

  let quoteApi: QuoteApi | undefined;
  let stopped = false;
  const stopAll = async () => {
    stopped = true;
    await Promise.all([gateway.stop(), runner.stop(), quoteApi?.close()]);
  };
  try {
    quoteApi = await startQuoteApi(quoteApiPort);
    const [signed] = await Promise.all([
      Promise.all(extensions.map((folder) => packAndSign(folder, layout, quoteApiUrl))),
      startBoth(runner, gateway),
    ]);
    const admin = new AdminClient(`http://127.0.0.1:${hostPort}`, secrets.adminToken);
    const publishSigned = async (bundle: SignedBundle, onto: readonly string[]): Promise<PublishedVersion> => {
      // An extension that may call the quote API is told where it is (the examples read the install
      // config key `quoteApiOrigin`, defaulting to http://127.0.0.1:8082).
      const callsQuoteApi = bundle.manifest.http?.allow.includes(quoteApiUrl) ?? false;
      const version = await publishAndInstall(
        admin,
        bundle,
        onto,
        callsQuoteApi ? { quoteApiOrigin: quoteApiUrl } : {},
      );
      return { extensionId: version.extensionId, version: version.version, contentHash: version.contentHash };
    };
    const published: PublishedVersion[] = [];
    for (const bundle of signed) published.push(await publishSigned(bundle, tenants));
    return {
      hostUrl,
      runnerUrl,
      quoteApiUrl,
      adminToken: secrets.adminToken,
      published,
      publish: async (folder, publishOptions = {}) => {
        if (stopped) throw new StackError('stack_stopped', 'this stack was stopped; start a new one');
        const bundle = await packAndSign(folder, layout, quoteApiUrl, { version: publishOptions.version });
        return publishSigned(bundle, publishOptions.tenants ?? tenants);
      },
      versions: () => admin.versions(),
      stopRunner: () => runner.stop(),
      startRunner: async () => {
        if (stopped) throw new StackError('stack_stopped', 'this stack was stopped; start a new one');
        if (!runner.running) await assertPortFree(runnerPort, 'runner');
        await runner.start();
      },
      killRunner: () => runner.signal('SIGKILL'),
      pauseRunner: () => runner.signal('SIGSTOP'),
      resumeRunner: () => runner.signal('SIGCONT'),
      get runnerPid() {
        return runner.pid;
      },
      get gatewayPid() {
        return gateway.pid;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Starts both services in parallel; if one fails, the other is stopped too before rejecting. */
async function startBoth(a: ServiceProcess, b: ServiceProcess): Promise<void> {
  const results = await Promise.allSettled([a.start(), b.start()]);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
