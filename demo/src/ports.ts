import { createServer } from 'node:net';
import { StackError } from './errors.js';

/**
 * Fails with `port_in_use` if something already listens on the port: without this check, a service
 * that cannot bind would exit, but a readiness probe could be answered by the stranger instead.
 */
export async function assertPortFree(port: number, what: string, host = '127.0.0.1'): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => resolveListen());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StackError(
        'port_in_use',
        `port ${port} (${what}) is already in use on ${host}: stop what listens there (a previous demo?) ` +
          `or choose another port`,
      );
    }
    throw error;
  } finally {
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  }
}
