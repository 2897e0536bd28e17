import { connect, type ConnectOptions, type Ext } from '../src/index.js';
import { createMockHost, type MockHost, type MockHostOptions } from '../src/testing/index.js';

export const silent = { error: () => undefined, warn: () => undefined };

export async function connected(
  hostOptions: MockHostOptions = {},
  options: ConnectOptions = {},
): Promise<{ host: MockHost; ext: Ext }> {
  const host = createMockHost(hostOptions);
  const ext = await connect({ transport: host.transport, logger: silent, ...options });
  return { host, ext };
}

export function waitFor<T>(check: () => T | undefined | false, timeoutMs = 2000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('waitFor: timed out'));
      setTimeout(tick, 5);
    };
    tick();
  });
}
