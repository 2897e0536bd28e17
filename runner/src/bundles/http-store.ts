import type { ContentHash } from '@extsys/protocol';
import { Agent, request } from 'undici';
import { RunnerError } from '../errors.js';
import { storeKeys, type BundleStore, type StoredBundle } from './store.js';

const MAX_SIGNATURE_BYTES = 16 * 1024;

/**
 * Any HTTP(S) server or object store that serves the `storeKeys` layout under a base URL
 * (e.g. `https://bucket.s3.example.com/extsys/`). One pooled keep-alive agent; bodies capped.
 */
export class HttpBundleStore implements BundleStore {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(
    readonly location: string,
    private readonly options: { maxBundleBytes: number; timeoutMs: number },
  ) {
    this.base = location.endsWith('/') ? location : `${location}/`;
    this.agent = new Agent({ connections: 16, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  }

  private async get(key: string, maxBytes: number, what: string): Promise<Buffer | null> {
    const url = new URL(key, this.base);
    let response;
    try {
      response = await request(url, { dispatcher: this.agent, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      throw new RunnerError('bundle_store_unavailable', `bundle store ${this.location}: ${(error as Error).message}`);
    }
    if (response.statusCode === 404 || response.statusCode === 403) {
      await response.body.dump();
      return null;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new RunnerError(
        'bundle_store_unavailable',
        `bundle store ${this.location} answered ${response.statusCode} for ${what}`,
      );
    }
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      await response.body.dump();
      throw new RunnerError('bundle_too_large', `${what} is ${declared} bytes; the runner accepts at most ${maxBytes}`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        response.body.destroy();
        throw new RunnerError('bundle_too_large', `${what} is over ${maxBytes} bytes; the runner accepts at most that`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  async fetch(contentHash: ContentHash): Promise<StoredBundle | null> {
    const keys = storeKeys(contentHash);
    const bytes = await this.get(keys.bundle, this.options.maxBundleBytes, `bundle ${contentHash}`);
    if (!bytes) return null;
    const signature = await this.get(keys.signature, MAX_SIGNATURE_BYTES, `the signature of ${contentHash}`);
    return { bytes, signature: signature?.toString('utf8') };
  }

  async check(): Promise<void> {
    // Any HTTP answer means the store is reachable; a bucket root often answers 403 or 404.
    try {
      const response = await request(this.base, {
        method: 'HEAD',
        dispatcher: this.agent,
        signal: AbortSignal.timeout(Math.min(this.options.timeoutMs, 2000)),
      });
      await response.body.dump();
    } catch (error) {
      throw new RunnerError('bundle_store_unavailable', `bundle store ${this.location}: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
