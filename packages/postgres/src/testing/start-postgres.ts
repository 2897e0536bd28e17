import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** A PostgreSQL server this process started in a temporary data folder; `stop()` removes it all. */
export interface TemporaryPostgres {
  /** `postgres://extsys@127.0.0.1:PORT/postgres`: trust authentication, loopback only. */
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
}

/** Why no PostgreSQL can be started here (tests print it when they skip), or undefined when one can. */
export function postgresUnavailable(): string | undefined {
  try {
    postgresBinDir();
    if (process.getuid?.() === 0) serverUser();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The folder holding `initdb` and `pg_ctl`: `PG_BINDIR`, else the newest Debian PostgreSQL under
 * /usr/lib/postgresql (`apt-get install postgresql`).
 */
export function postgresBinDir(): string {
  const configured = process.env['PG_BINDIR'];
  if (configured) {
    if (!existsSync(join(configured, 'initdb'))) throw new Error(`PG_BINDIR=${configured} holds no initdb`);
    return configured;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'no PostgreSQL server is installed (no /usr/lib/postgresql/*/bin/initdb): `apt-get install postgresql`, or set PG_BINDIR',
    );
  }
  return join(root, versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user. */
function serverUser(): { uid: number; gid: number; name: string } {
  const found = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (found.status !== 0 || gid.status !== 0) {
    throw new Error('running as root, and there is no `postgres` user to run the server as (Debian creates it)');
  }
  return { uid: Number(found.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres' };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL on a free loopback port (initdb + pg_ctl, ~2 s): for tests and
 * local clusters, never for data that matters (fsync is off). Throws with the server's log when it
 * does not start.
 */
export async function startPostgres(
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<TemporaryPostgres> {
  const bin = postgresBinDir();
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'extsys-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? serverUser() : undefined;
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    chmodSync(dataDir, 0o700);
  }
  const pgData = join(dataDir, 'data');
  const logFile = join(dataDir, 'server.log');
  const run = (command: string, args: string[]) => {
    const argv = user ? ['runuser', ['-u', user.name, '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(argv[0] as string, argv[1] as string[], { encoding: 'utf8', cwd: dataDir });
    if (result.status !== 0) {
      throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
    return result.stdout;
  };
  try {
    run('initdb', ['-D', pgData, '-U', 'extsys', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    writeFileSync(
      join(pgData, 'postgresql.auto.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${dataDir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        '',
      ].join('\n'),
    );
    if (user) chownSync(join(pgData, 'postgresql.auto.conf'), user.uid, user.gid);
    run('pg_ctl', ['-D', pgData, '-l', logFile, '-w', '-t', '30', 'start']);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  options.log?.(`PostgreSQL on 127.0.0.1:${port} (data ${pgData})`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', pgData, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone: the folder still goes
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url: `postgres://extsys@127.0.0.1:${port}/postgres`, port, dataDir, stop };
}
