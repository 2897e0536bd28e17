/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers are typed any */
// The notes fixture, built with build-handler, in the real runner's js@1 runtime (QuickJS in wasm):
// what the fake runner stands in for everywhere else, checked once for real.
import { readFile } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractRoutes } from '@extsys/protocol/contract';
import type { ManifestEndpoint } from '@extsys/protocol';
import { contract } from './fixtures/notes/contract.js';
import { buildFixture, type BuiltFixture } from './built-handler.js';
import { startRealRunner, type RealRunner } from './real-runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const endpoints = contractRoutes(contract) as ManifestEndpoint[];
const endpoint = (name: string) => endpoints.find((e) => e.handler === name)!;
let fixture: BuiltFixture;
let runner: RealRunner;

beforeAll(async () => {
  fixture = await buildFixture('notes');
  runner = await startRealRunner(fixture.code, endpoints);
}, 60_000);
afterAll(async () => {
  await runner?.close();
  await fixture?.remove();
});

describe('a handler-js module in the real js@1 runtime', () => {
  it('serves the contract: KV with revisions, validated bodies, plain-data and Reply answers', async () => {
    expect(await runner.call({ endpoint: endpoint('getCounter') })).toMatchObject({
      status: 200,
      json: { count: 0, revision: 0 },
    });
    const incremented = await runner.call({ endpoint: endpoint('increment'), body: JSON.stringify({ by: 3 }) });
    expect(incremented).toMatchObject({ status: 201, json: { count: 3 } });
    expect(incremented.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(await runner.call({ endpoint: endpoint('getCounter') })).toMatchObject({ json: { count: 3 } });
    const echoed = await runner.call({ endpoint: endpoint('echo'), body: JSON.stringify({ message: 'héllo ✓' }) });
    expect(echoed.json).toEqual({ message: 'héllo ✓', tags: [], requestId: echoed.requestId });
    expect(await runner.call({ endpoint: endpoint('whoami'), secrets: { apiKey: 'k' } })).toMatchObject({
      json: { user: { id: 'u-7' }, hasApiKey: true },
    });
  });

  it('answers a conflict as data and a refusal as the envelope with the request id', async () => {
    const put = (ifRevision: number) =>
      runner.call({
        endpoint: endpoint('putNote'),
        params: { id: 'a' },
        body: JSON.stringify({ title: 't', ifRevision }),
      });
    expect(await put(0)).toMatchObject({ status: 200, json: { saved: true } });
    expect(await put(0)).toMatchObject({ status: 200, json: { saved: false, conflict: true } });
    const bad = await runner.call({ endpoint: endpoint('echo'), body: JSON.stringify({ message: 42 }) });
    expect(bad).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'validation_failed',
          message: 'body.message: must be a string, got 42',
          requestId: bad.requestId,
        },
      },
    });
    // Nested deeper than QuickJS's stack: JSON.parse throws, which is a 400, not a trap.
    const deep = await runner.call({ endpoint: endpoint('echo'), body: '['.repeat(100_000) + ']'.repeat(100_000) });
    expect(deep).toMatchObject({
      status: 400,
      json: { error: { code: 'validation_failed', message: 'body: is not valid JSON' } },
    });
    const missing = await runner.call({ endpoint: endpoint('getNote'), params: { id: 'zz' } });
    expect(missing).toMatchObject({
      status: 404,
      json: { error: { code: 'not_found', requestId: missing.requestId } },
    });
  });

  it('answers an unexpected throw with 500 internal and logs its stack, which the source map maps to the author line', async () => {
    const crashed = await runner.call({ endpoint: endpoint('crash'), secrets: { apiKey: 'sk-live-123' } });
    expect(crashed).toMatchObject({ status: 500, json: { error: { code: 'internal', requestId: crashed.requestId } } });
    expect(crashed.text).not.toContain('sk-live-123');
    const line = crashed.logs.find((entry) => entry.message.startsWith('unexpected error in crash'));
    // The thrown message with its stack (QuickJS's stack lacks the "Error: message" line V8 has); the
    // runner masks the install's secrets in log lines.
    expect(line).toMatchObject({
      level: 'error',
      message: expect.stringContaining('Error: upstream refused key [secret]'),
    });
    // QuickJS's frame for the throw: "at <fn> (<file>:<line>[:<column>])" in the bundled module.
    const frame = /\((?:[^():]*):(\d+)(?::(\d+))?\)/.exec(line!.message);
    expect(frame).not.toBeNull();
    const map = JSON.parse(await readFile(`${fixture.outFile}.map`, 'utf8')) as SourceMapPayload;
    const origin = new SourceMap(map).findEntry(Number(frame![1]) - 1, Number(frame![2] ?? 1) - 1) as {
      originalSource?: string;
      originalLine?: number;
    };
    const source = await readFile(join(here, 'fixtures/notes/handler.ts'), 'utf8');
    expect(origin.originalSource).toMatch(/fixtures\/notes\/handler\.ts$/);
    expect(origin.originalLine).toBe(
      source.split('\n').findIndex((text) => text.includes('throw new Error(`upstream refused')),
    );
  });
});
