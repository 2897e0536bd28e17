// Realistic good examples of every contract, shared by the tests. Each bad case in the tests is
// one of these with a single thing broken, so a rejection can only come from that one thing.
import { resolveTheme, type ExecuteRequest, type HostContext, type ManifestInput } from '../src/index.js';

export const HASH = `sha256:${'ab'.repeat(32)}`;
export const NONCE = 'V1StGXR8_Z5jdHi6B-myT';
export const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';

export function manifest(): ManifestInput {
  return {
    manifestVersion: 2,
    name: 'com.acme.hello',
    displayName: 'Hello',
    description: 'Says hello and counts visits.',
    publisher: 'Acme Inc.',
    version: '1.4.0-beta.2+build.7',
    runtime: 'wasm@1',
    capabilities: ['log', 'storage.kv', 'http.fetch'],
    api: {
      module: 'handler/handler.wasm',
      endpoints: [
        { method: 'GET', path: '/counter', handler: 'counter.get' },
        { method: 'POST', path: '/counter', handler: 'counter.increment' },
        { method: 'GET', path: '/items/:id', handler: 'items.get', timeoutMs: 2000 },
        { method: 'POST', path: '/echo', handler: 'echo' },
      ],
    },
    ui: {
      type: 'iframe',
      entry: 'ui/index.html',
      initialHeight: 480,
      sandbox: ['forms'],
      hostFeatures: ['toast', 'confirm', 'navigate'],
    },
    http: { allow: ['https://api.example.com', 'http://localhost:8099'] },
    assets: ['ui/logo.svg'],
  };
}

export function hostContext(): HostContext {
  return {
    protocol: '1.0',
    extension: {
      id: 'com.acme.hello',
      installId: 'inst_7Qx2',
      version: '1.4.0',
      contentHash: HASH,
      title: 'Hello',
    },
    tenant: { id: 'tenant-a', displayName: 'Acme Corp' },
    theme: resolveTheme('dark', { 'color-primary': '#22c55e' }),
    auth: { token: TOKEN, ttlMs: 600_000 },
    gateway: { baseUrl: 'https://host.example.com', transport: 'direct' },
    locale: 'en-GB',
    direction: 'ltr',
    timeZone: 'Europe/London',
    initialPath: '/records/42?tab=notes',
    hostFeatures: ['toast', 'navigate'],
    limits: { maxApiBodyBytes: 1_048_576, callTimeoutMs: 15_000 },
  };
}

export function executeRequest(): ExecuteRequest {
  return {
    context: {
      requestId: 'req_01HZX3',
      tenantId: 'tenant-a',
      extensionId: 'com.acme.hello',
      installId: 'inst_7Qx2',
      contentHash: HASH,
      version: '1.4.0',
    },
    route: { handler: 'items.get', pattern: '/items/:id', params: { id: '42' } },
    http: {
      method: 'GET',
      path: '/items/42',
      query: { tag: ['a', 'b'], view: ['full'] },
      headers: { accept: 'application/json', 'x-request-id': 'req_01HZX3' },
    },
    limits: { timeoutMs: 5000, memoryMb: 64 },
    grants: ['log', 'storage.kv'],
    egress: ['https://api.example.com'],
    config: { greeting: 'hi', retries: 3, verbose: false },
    secrets: { apiKey: 's3cr3t-value' },
    user: { id: 'u1', displayName: 'Ada Lovelace', email: 'ada@example.com' },
  };
}
