// The cluster test (`npm run test:cluster`): extsys as replicas on one PostgreSQL behind nginx, under
// load and faults. Real processes throughout: PostgreSQL, 2 runners, 2 gateways, nginx.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  call,
  clusterUnavailable,
  extToken,
  ExtClient,
  login,
  runFaultLoad,
  startCluster,
  type Cluster,
  type Replica,
} from '../src/index.js';

const HELLO = 'com.example.hello';
const unavailable = clusterUnavailable('postgres');
if (unavailable) console.log(`cluster test skipped: ${unavailable}`);

/** Load duration: CLUSTER_LOAD_SECONDS (default 24, at most 60). */
const LOAD_MS = Math.min(Number(process.env['CLUSTER_LOAD_SECONDS'] ?? 24), 60) * 1000;

/**
 * An assertion that needs state a service does not share yet (the gateway's rate limits move to
 * PostgreSQL with the gateway's DATABASE_URL). While the service does not read DATABASE_URL, a
 * failure is printed as waiting for it instead of failing the run; once it does, it must hold.
 */
async function onceShared(shared: boolean, what: string, check: () => Promise<void>): Promise<void> {
  if (shared) return check();
  try {
    await check();
    console.log(`cluster: ${what}: holds already`);
  } catch (error) {
    console.log(
      `cluster: ${what}: WAITS for the gateway to read DATABASE_URL (its state is per process today): ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

describe.skipIf(unavailable !== undefined)(
  `a cluster: 2 runners, 2 gateways, nginx, PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let cluster: Cluster;
    let alice: ExtClient;

    beforeAll(async () => {
      cluster = await startCluster({
        runners: 2,
        gateways: 2,
        // The load is one tenant's; the limits under test are checked on gateways of their own.
        gatewayEnv: {
          EXT_RATE_LIMIT_BURST: '1000000',
          EXT_RATE_LIMIT_PER_SECOND: '1000000',
          EXT_GATEWAY_TIMEOUT_MS: '5000',
        },
      });
      console.log(
        `cluster: ${cluster.url} (gateways ${cluster.gateways.map((g) => g.url).join(', ')}; runners ` +
          `${cluster.runners.map((r) => r.url).join(', ')}); DATABASE_URL read by the runner: ${cluster.support.runner}, ` +
          `by the gateway: ${cluster.support.gateway} (else shared SQLite files)`,
      );
      const cookie = await login(cluster.url, 'alice');
      alice = new ExtClient(cluster.url, HELLO, await extToken(cluster.url, cookie, HELLO));
    });
    afterEach(async (context) => {
      // A failure's other half: why nginx gave up on a replica, and what the replicas said last.
      if (context.task.result?.state !== 'fail' || !cluster) return;
      console.log(`nginx error log:\n${(await cluster.nginxErrors()).split('\n').slice(-30).join('\n')}`);
      for (const replica of [...cluster.runners, ...cluster.gateways]) {
        console.log(
          `${replica.name} (running: ${replica.running}), last lines:\n${replica.recentLines().slice(-10).join('\n')}`,
        );
      }
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    test('a login on one gateway is valid on the other', async () => {
      const [a, b] = cluster.gateways as [Replica, Replica];
      const cookie = await login(a.url, 'alice');
      const me = await call(`${b.url}/api/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect((me.body as { user: { id: string } }).user.id).toBe('alice');
      // A session id neither gateway issued is refused by both, with the envelope.
      for (const gateway of [a, b]) {
        const forged = await call(`${gateway.url}/api/me`, { headers: { cookie: 'extsys_session=forged-session-id' } });
        expect(forged.status).toBe(401);
        expect(forged.structured).toBe(true);
        expect(forged.code).toBe('unauthenticated');
      }
      // Logged out on B, the session is gone on A too.
      const logout = await call(`${b.url}/api/logout`, {
        method: 'POST',
        headers: { cookie, 'x-requested-with': 'test' },
      });
      expect(logout.status).toBe(200);
      expect((await call(`${a.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    });

    test('a token minted by one gateway is accepted by the other', async () => {
      const [a, b] = cluster.gateways as [Replica, Replica];
      const token = await extToken(a.url, await login(a.url, 'alice'), HELLO);
      const onB = await new ExtClient(b.url, HELLO, token).read();
      expect(onB.status).toBe(200);
      expect(typeof (onB.body as { count: unknown }).count).toBe('number');
      // Both publish the same key set, so a verifier elsewhere gets the same answer from either.
      const [jwksA, jwksB] = await Promise.all([a, b].map((g) => call(`${g.url}/.well-known/jwks.json`)));
      expect(jwksA!.body).toEqual(jwksB!.body);
      // A token whose signature is not the cluster's is refused by both.
      const parts = token.split('.');
      const forged = `${parts[0]}.${parts[1]}.${'A'.repeat(parts[2]!.length)}`;
      for (const gateway of [a, b]) {
        const refused = await new ExtClient(gateway.url, HELLO, forged).read();
        expect(refused.status).toBe(401);
        expect(refused.structured).toBe(true);
      }
    });

    test('an idempotency key replayed on the other runner returns the stored answer', async () => {
      const [r1, r2] = cluster.runners as [Replica, Replica];
      // Two gateways outside nginx, each pinned to one runner: the first call runs on runner 1, the
      // retry with the same key can only reach runner 2.
      const [viaR1, viaR2] = await Promise.all([
        cluster.addGateway({ RUNNER_URL: r1.url, EXT_RATE_LIMIT_BURST: '1000', EXT_RATE_LIMIT_PER_SECOND: '1000' }),
        cluster.addGateway({ RUNNER_URL: r2.url, EXT_RATE_LIMIT_BURST: '1000', EXT_RATE_LIMIT_PER_SECOND: '1000' }),
      ]);
      try {
        const token = alice.token;
        const before = await alice.count();
        const key = `replica-${Date.now()}`;
        const first = await new ExtClient(viaR1.url, HELLO, token).increment(key);
        expect(first.status).toBe(200);
        expect(first.replayed).toBe(false);
        const again = await new ExtClient(viaR2.url, HELLO, token).increment(key);
        expect(again.status).toBe(200);
        expect(again.replayed).toBe(true);
        expect(again.body).toEqual(first.body);
        expect(first.body).toEqual({ count: before + 1 });
        // Applied once: the count moved by one, whichever runner answers.
        expect(await new ExtClient(viaR2.url, HELLO, token).count()).toBe(before + 1);
        expect(await new ExtClient(viaR1.url, HELLO, token).count()).toBe(before + 1);
        // The same key for another request is a conflict on either runner, not a replay.
        const other = await call(`${viaR2.url}/api/ext/${HELLO}/echo`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'hi' }),
        });
        expect(other.status).toBe(409);
        expect(other.code).toBe('idempotency_conflict');
      } finally {
        await Promise.all([viaR1.stop(), viaR2.stop()]);
      }
    });

    test('the call and login rate limits hold across gateways', async () => {
      const BURST = 4;
      const [a, b] = await Promise.all([
        cluster.addGateway({ EXT_RATE_LIMIT_BURST: String(BURST), EXT_RATE_LIMIT_PER_SECOND: '1' }),
        cluster.addGateway({ EXT_RATE_LIMIT_BURST: String(BURST), EXT_RATE_LIMIT_PER_SECOND: '1' }),
      ]);
      try {
        // Carol's tenant (globex): its bucket is touched by nothing else in this test.
        const token = await extToken(a.url, await login(a.url, 'carol'), HELLO);
        const clients = [new ExtClient(a.url, HELLO, token), new ExtClient(b.url, HELLO, token)];
        await onceShared(cluster.support.gateway, 'the call rate limit holds across gateways', async () => {
          const started = Date.now();
          const answers = [];
          for (let i = 0; i < 3 * BURST; i++) answers.push(await clients[i % 2]!.read());
          const seconds = (Date.now() - started) / 1000;
          const ok = answers.filter((o) => o.status === 200).length;
          const limited = answers.filter((o) => o.status === 429);
          for (const refusal of limited) expect(refusal.code).toBe('rate_limited');
          // One bucket for both: the burst plus what refilled meanwhile (1/s), not a burst per gateway.
          expect(ok, `${ok} of ${answers.length} calls allowed in ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(
            BURST + Math.ceil(seconds) + 1,
          );
          expect(limited.length).toBeGreaterThan(0);
        });
        await onceShared(cluster.support.gateway, 'the failed-login limit holds across gateways', async () => {
          // Five failed logins for bob (the per-user limit), spread over both gateways...
          for (let i = 0; i < 5; i++) {
            const failed = await call(`${[a, b][i % 2]!.url}/api/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ userId: 'bob', password: `wrong-${i}` }),
            });
            expect(failed.status).toBe(401);
          }
          // ...and the next one is refused on either, before the password is even checked.
          for (const gateway of [a, b]) {
            const refused = await call(`${gateway.url}/api/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ userId: 'bob', password: 'demo' }),
            });
            expect(refused.status, 'the 6th login of bob, on a gateway that saw only some of the failures').toBe(429);
            expect(refused.code).toBe('rate_limited');
          }
        });
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });

    test('under load, a runner killed and a gateway stopped: every acknowledged increment counted once, nothing hangs', async () => {
      const [runner] = cluster.runners as [Replica];
      const gateway = cluster.gateways[1]!;
      const before = await alice.count();
      const report = await runFaultLoad({
        client: alice,
        durationMs: LOAD_MS,
        incrementers: 6,
        readers: 2,
        faults: [
          { atMs: LOAD_MS * 0.2, label: `SIGKILL ${runner.name} (pid ${runner.pid})`, run: () => runner.kill() },
          { atMs: LOAD_MS * 0.2 + 1500, label: `restart ${runner.name}`, run: () => runner.start() },
          { atMs: LOAD_MS * 0.5, label: `SIGTERM ${gateway.name} (graceful stop)`, run: () => gateway.stop() },
          { atMs: LOAD_MS * 0.75, label: `restart ${gateway.name}`, run: () => gateway.start() },
        ],
        log: (line) => console.log(`cluster: ${line}`),
      });
      const final = await alice.count();
      console.log(
        `cluster load: sent ${report.sent}, ok ${report.ok}, retried ${report.retried}, failed ${report.failed}, ` +
          `final count ${final - before} (counter ${before} → ${final}); refused ${report.refused}, ` +
          `replayed ${report.replayed}, reads ${report.readsOk}/${report.reads}, errors ${JSON.stringify(report.errors)}, ` +
          `slowest call ${Math.round(report.slowestMs)} ms`,
      );
      expect(report.sent).toBeGreaterThan(0);
      expect(runner.running && gateway.running).toBe(true);
      // Nothing hangs, nothing is dropped without an answer: every call got an answer within its deadline...
      expect(report.unanswered).toBe(0);
      // ...and every refusal is the system's envelope {error: {code, message, requestId}}.
      expect(report.unstructured).toEqual([]);
      // Every key was acknowledged in the end (or refused by the handler: a final answer that applied nothing).
      expect(report.failed).toBe(0);
      expect(report.ok + report.refused).toBe(report.sent);
      // Exactly once: every acknowledged increment is in the count, none twice.
      expect(final - before).toBe(report.ok);
      // On PostgreSQL a runner has no reason to fail a call with `internal` (on a SQLite file shared
      // by two processes, a writer may find it locked: those calls fail, are retried, and still count once).
      if (cluster.support.runner) expect(report.errors['internal'] ?? 0).toBe(0);
    });
  },
);
