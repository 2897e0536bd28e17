// A built handler in the real runner (js@1: QuickJS in wasm), through `@extsys/runner/testing`:
// the module and its endpoints as a bundle folder, each call addressed by its manifest endpoint.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEndpoint } from '@extsys/protocol';
import { startTestRunner, type Answer } from '@extsys/runner/testing';

export interface RunnerCall {
  endpoint: ManifestEndpoint;
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string[]>;
  body?: string;
  secrets?: Record<string, string>;
}

/** The runner's answer, its body parsed when it is JSON (`undefined` when empty or not JSON). */
export type RunnerAnswer = Omit<Answer, 'json'> & { json: unknown };

export interface RealRunner {
  call(call: RunnerCall): Promise<RunnerAnswer>;
  close(): Promise<void>;
}

/** Packs `module` with `endpoints` into a js@1 bundle and starts a runner serving it on loopback. */
export async function startRealRunner(module: string, endpoints: ManifestEndpoint[]): Promise<RealRunner> {
  const work = await mkdtemp(join(tmpdir(), 'extsys-handler-js-runner-'));
  await mkdir(join(work, 'handler'), { recursive: true });
  await writeFile(join(work, 'handler/handler.js'), module);
  await writeFile(
    join(work, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name: 'com.acme.notes',
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'js@1',
      capabilities: ['log', 'storage.kv', 'secrets.read', 'user.read'],
      api: { module: 'handler/handler.js', endpoints },
    }),
  );
  // Packing also checks the endpoints against the module's contract.
  const runner = await startTestRunner(work);

  async function call(c: RunnerCall): Promise<RunnerAnswer> {
    const params = c.params ?? {};
    const answer = await runner.call({
      method: c.endpoint.method,
      path: c.path ?? c.endpoint.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? '')),
      pattern: c.endpoint.path,
      handler: c.endpoint.handler,
      params,
      ...(c.query ? { query: c.query } : {}),
      ...(c.body === undefined ? {} : { body: c.body, headers: { 'content-type': 'application/json' } }),
      ...(c.secrets ? { secrets: c.secrets } : {}),
      user: { id: 'u-7', displayName: 'Ada' },
    });
    return { ...answer, json: parseJson(answer.text) };
  }

  return {
    call,
    close: async () => {
      await runner.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
