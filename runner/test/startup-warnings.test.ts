import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startupWarnings } from '../src/startup-warnings.js';

const MAIN = resolve(import.meta.dirname, '../dist/main.js');

describe('startup warnings', () => {
  it('names each part a setting leaves off, and nothing when all is set', () => {
    expect(startupWarnings({ serviceToken: undefined, frameAncestors: [] })).toEqual([
      expect.stringMatching(/^RUNNER_SERVICE_TOKEN is not set: POST \/v1\/execute and GET \/v1\/events are off/),
      expect.stringMatching(/^EXT_UI_FRAME_ANCESTORS is empty/),
    ]);
    expect(startupWarnings({ serviceToken: 'x'.repeat(32), frameAncestors: ['https://app.example.com'] })).toEqual([]);
  });

  it('are logged by the runner process when it starts without a service token', async () => {
    const work = await mkdtemp(join(tmpdir(), 'extsys-runner-warn-'));
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: '0',
        BUNDLE_STORE: join(work, 'store'),
        BUNDLE_CACHE_DIR: join(work, 'cache'),
        KV_DB_PATH: ':memory:',
        REQUIRE_SIGNATURES: 'false',
        EXT_UI_FRAME_ANCESTORS: 'https://app.example.com',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      await new Promise<void>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${output}`)), 20_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Server listening')) {
            clearTimeout(timer);
            resolvePromise();
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`the runner exited (${code}):\n${output}`)));
      });
      const lines = output
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: number; msg: string });
      const warnings = lines.filter((line) => line.level === 40).map((line) => line.msg);
      expect(warnings).toEqual([expect.stringMatching(/^RUNNER_SERVICE_TOKEN is not set/)]);
      const listening = lines.findIndex((line) => line.msg.startsWith('Server listening'));
      expect(lines.findIndex((line) => line.level === 40)).toBeLessThan(listening);
    } finally {
      child.kill('SIGTERM');
      await rm(work, { recursive: true, force: true });
    }
  });
});
