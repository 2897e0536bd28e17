import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startStack, type ServiceName, type Stack } from '@extsys/demo';
import { BuildFailure, type BuildPart } from '../build/build-failure.js';
import { buildProjectHandler } from '../build/handler.js';
import { buildManifest } from '../build/manifest.js';
import { readProject, type Project } from '../build/project.js';
import { loadProjectVite, WATCH_QUIET_MS, watchUi, type UiWatch } from '../build/ui.js';
import { DEV_DATA_DIR } from '../gateway/target.js';
import { bundleFingerprint, type BundleFingerprint } from './bundle-fingerprint.js';
import { reportBuildStatus } from './build-status.js';
import { DevVersions } from './dev-version.js';
import { followHandlerLogs } from './handler-logs.js';
import { printServiceLine } from './service-lines.js';
import { devStackError, type DevPorts } from './stack-errors.js';
import { shortPath, watchSources } from './source-watch.js';
import type { DevTerminal } from './terminal.js';

/** The dev stack's tenant and its admin (seeded in the gateway-stub: alice, password "demo"). */
export const DEV_TENANT = 'acme';
export const DEV_LOGIN = { user: 'alice', password: 'demo', tenant: 'Acme Corp' } as const;

/**
 * How long after the last build ended a publish waits: a change of a file both the UI and the
 * handler import (the API contract) starts both builds within a few ms; one publish covers both.
 */
const SETTLE_MS = 40;

export interface DevSessionOptions extends DevPorts {
  dir: string;
  terminal: DevTerminal;
  /** Print every service log line too (condensed), not only requests, handler logs and errors. */
  verbose?: boolean;
}

export interface DevSession {
  project: Project;
  stack: Stack;
  /** The host page with the extension open. */
  url: string;
  stop(): Promise<void>;
}

interface PartState {
  building: boolean;
  failure: BuildFailure | undefined;
  /** When the build under way started (performance.now()). */
  startedAt: number;
}

/**
 * `extsys dev`: the local stack (`startStack()`, data in `<project>/.extsys/dev`, devEvents on),
 * the extension built and published for the dev tenant, then every change rebuilt and published
 * again as a new dev version (the host page remounts the frame on the new content hash, keeping
 * its route and theme; a handler-only change keeps the frame, whose calls reach the new handler). A failed build is printed and shown over the frame; the last good version
 * keeps running.
 */
export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  const { terminal } = options;
  const projectDir = resolve(options.dir);
  // The dev build lives with the dev stack: `dist/bundle` stays what `extsys build` made.
  const bundleDir = join(projectDir, DEV_DATA_DIR, 'bundle');
  let project = await readProject(projectDir, { bundleDir });
  const extensionId = project.manifest.name;
  const onServiceLog = (service: ServiceName, line: string) => {
    if (options.verbose) process.stderr.write(`${service} ${line}\n`);
    printServiceLine(terminal, extensionId, service, line);
  };

  const parts: Record<BuildPart, PartState> = {
    ui: { building: false, failure: undefined, startedAt: 0 },
    handler: { building: false, failure: undefined, startedAt: 0 },
    manifest: { building: false, failure: undefined, startedAt: 0 },
  };
  let handlerInputs: Set<string> | 'handler-folder' = 'handler-folder';
  let stack: Stack | undefined;
  let stopped = false;
  let settleTimer: NodeJS.Timeout | undefined;
  /** When the first change since the last publish was seen (for the printed latency). */
  let changedAt: number | undefined;
  let lastPublished: BundleFingerprint | undefined;
  let reportedFailure: string | undefined;
  let publishing: Promise<void> | undefined;
  let publishAgain = false;

  const anyBuilding = () => Object.values(parts).some((part) => part.building);
  const failures = () => Object.values(parts).flatMap((part) => (part.failure ? [part.failure] : []));

  const settle = () => {
    clearTimeout(settleTimer);
    if (anyBuilding() || stopped) return;
    settleTimer = setTimeout(() => void publishWhenReady(), SETTLE_MS);
  };

  const buildEnded = (part: BuildPart, failure: BuildFailure | undefined) => {
    parts[part].building = false;
    parts[part].failure = failure;
    if (failure) terminal.buildFailed(failure.report);
    else if (stack && part !== 'manifest') {
      terminal.info(
        `${part === 'ui' ? 'UI' : 'handler'} rebuilt in ${Math.round(performance.now() - parts[part].startedAt)} ms`,
      );
    }
    settle();
  };

  const buildStarted = (part: BuildPart) => {
    parts[part].building = true;
    parts[part].startedAt = performance.now();
    changedAt ??= performance.now();
    clearTimeout(settleTimer);
  };

  const publishWhenReady = async (): Promise<void> => {
    if (publishing) {
      publishAgain = true;
      return;
    }
    publishing = publishLatest().finally(() => {
      publishing = undefined;
      if (publishAgain) {
        publishAgain = false;
        settle();
      }
    });
    await publishing;
  };

  const versions = new DevVersions(() => stack!.versions());

  const publishLatest = async (): Promise<void> => {
    if (!stack || stopped || anyBuilding()) return;
    const failing = failures();
    if (failing.length > 0) {
      const report = failing.map((f) => f.report).join('\n\n');
      if (report !== reportedFailure) {
        reportedFailure = report;
        terminal.warn('the last good version keeps running; fix the error and save');
        await reportBuildStatus(stack.hostUrl, stack.adminToken, { extensionId, ok: false, message: report });
      }
      changedAt = undefined;
      return;
    }
    const fingerprint = await bundleFingerprint(project.bundleDir, project.manifest);
    const recovered = reportedFailure !== undefined;
    if (fingerprint.bundle !== lastPublished?.bundle) {
      const started = performance.now();
      const version = await versions.take(extensionId, project.manifest.version);
      try {
        const published = await stack.publish(project.bundleDir, { version, tenants: [DEV_TENANT] });
        const since =
          changedAt === undefined ? '' : `, ${Math.round(performance.now() - changedAt)} ms after the change`;
        // The host page keeps a frame whose UI hash is unchanged (see docs/packages/cli.md#extsys-dev-dir).
        let frames = '';
        if (lastPublished !== undefined) {
          frames =
            fingerprint.ui !== null && fingerprint.ui === lastPublished.ui
              ? '; the UI is unchanged: open frames stay, their calls reach the new handler'
              : '; open frames remount';
        }
        terminal.info(
          `published ${published.version} (${published.contentHash.slice(0, 19)}…) and installed for ${DEV_TENANT} in ` +
            `${Math.round(performance.now() - started)} ms${since}${frames}`,
        );
        lastPublished = fingerprint;
      } catch (error) {
        terminal.warn(`publishing failed: ${(error as Error).message}; the last good version keeps running`);
        changedAt = undefined;
        return;
      }
    }
    changedAt = undefined;
    if (recovered) {
      reportedFailure = undefined;
      terminal.info('the build is good again');
      await reportBuildStatus(stack.hostUrl, stack.adminToken, { extensionId, ok: true });
    }
  };

  // --- the handler: rebuilt on a change of one of its inputs (serialised: one build at a time) ---
  let handlerQueued = false;
  const rebuildHandler = async (): Promise<void> => {
    if (!project.handler) return;
    if (parts.handler.building) {
      handlerQueued = true;
      return;
    }
    buildStarted('handler');
    let failure: BuildFailure | undefined;
    try {
      const built = await buildProjectHandler(project, project.handler);
      handlerInputs = built.inputs === 'handler-folder' ? 'handler-folder' : new Set(built.inputs);
    } catch (error) {
      if (!(error instanceof BuildFailure)) throw error;
      failure = error;
    }
    if (handlerQueued) {
      handlerQueued = false;
      parts.handler.building = false;
      return rebuildHandler();
    }
    buildEnded('handler', failure);
  };

  const rebuildManifest = async (): Promise<void> => {
    buildStarted('manifest');
    let failure: BuildFailure | undefined;
    try {
      await buildManifest(project);
      // The manifest may name another handler module or runtime: read the project again.
      project = await readProject(project.dir, { bundleDir });
    } catch (error) {
      failure =
        error instanceof BuildFailure ? error : new BuildFailure('manifest', undefined, (error as Error).message);
    }
    buildEnded('manifest', failure);
    if (!failure) await rebuildHandler();
  };

  const handlerFolder = join(project.dir, 'handler');
  const isHandlerInput = (file: string) =>
    file.startsWith(`${handlerFolder}/`) || (handlerInputs !== 'handler-folder' && handlerInputs.has(file));

  // --- start: the stack and the first builds side by side ---
  const dataDir = join(project.dir, DEV_DATA_DIR);
  await rm(project.bundleDir, { recursive: true, force: true });
  terminal.info(`starting the local stack (data in ${shortPath(project.dir, dataDir)})…`);
  const stackStarted = startStack({
    dataDir,
    hostPort: options.hostPort,
    runnerPort: options.runnerPort,
    quoteApiPort: options.quotePort,
    extensions: [],
    tenants: [DEV_TENANT],
    devEvents: true,
    onLog: onServiceLog,
  }).catch((error: unknown) => {
    throw devStackError(error, options);
  });

  let uiWatch: UiWatch | undefined;
  let sources: { close(): void } | undefined;
  let stopHandlerLogs: (() => void) | undefined;
  const stopAll = async () => {
    stopped = true;
    stopHandlerLogs?.();
    clearTimeout(settleTimer);
    sources?.close();
    await uiWatch?.close().catch(() => undefined);
    await publishing?.catch(() => undefined);
    await stack?.stop();
  };

  try {
    const started = performance.now();
    terminal.info(`building ${extensionId}…`);
    const firstUi = new Promise<void>((resolveFirst) => {
      if (!project.hasUi) return resolveFirst();
      parts.ui.building = true;
      void loadProjectVite(project)
        .then((vite) =>
          watchUi(
            project,
            {
              onStart: () => buildStarted('ui'),
              onBuilt: (failure) => {
                buildEnded('ui', failure);
                resolveFirst();
              },
            },
            vite,
          ),
        )
        .then((watch) => {
          uiWatch = watch;
          if (stopped) void watch.close();
        })
        .catch((error: unknown) => {
          buildEnded('ui', error instanceof BuildFailure ? error : new BuildFailure('ui', undefined, String(error)));
          resolveFirst();
        });
    });
    const [startedStack] = await Promise.all([stackStarted, firstUi, rebuildManifest()]);
    stack = startedStack;
    const bad = failures();
    terminal.info(
      bad.length === 0
        ? `built in ${Math.round(performance.now() - started)} ms; stack up at ${stack.hostUrl}`
        : `stack up at ${stack.hostUrl}; the first build failed — fix it and save, it is installed once it builds`,
    );
    stopHandlerLogs = followHandlerLogs({
      extensionId,
      gatewayUrl: stack.hostUrl,
      adminToken: stack.adminToken,
      onEntry: (entry) => terminal.handlerLog(entry),
      onError: (error) => terminal.warn(`handler logs are not followed: ${error.message}`),
    });
    changedAt = undefined;
    await publishWhenReady();

    // Like Vite's watch: a rebuild starts once the changed file has been quiet for WATCH_QUIET_MS.
    let manifestTimer: NodeJS.Timeout | undefined;
    let handlerTimer: NodeJS.Timeout | undefined;
    sources = watchSources(project.dir, (file) => {
      if (stopped) return;
      if (file === project.manifestPath) {
        changedAt ??= performance.now();
        clearTimeout(manifestTimer);
        manifestTimer = setTimeout(() => void rebuildManifest(), WATCH_QUIET_MS);
      } else if (project.handler && isHandlerInput(file)) {
        changedAt ??= performance.now();
        clearTimeout(handlerTimer);
        handlerTimer = setTimeout(() => void rebuildHandler(), WATCH_QUIET_MS);
      }
    });
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  return {
    project,
    stack,
    url: `${stack.hostUrl}/ext/${encodeURIComponent(extensionId)}/`,
    stop: stopAll,
  };
}
