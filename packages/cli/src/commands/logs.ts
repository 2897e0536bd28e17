import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import { formatLogEvent } from '../logs/format-event.js';
import { followLogs, listLogs } from '../logs/log-client.js';
import { parseSince, type LogFilter } from '../logs/log-filter.js';
import { DEFAULT_GATEWAY, resolveGatewayTarget } from '../gateway/target.js';

interface LogsOptions {
  follow?: boolean;
  extension?: string;
  tenant?: string;
  requestId?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  gateway?: string;
  credentialFile?: string;
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description(
      "Show handler invocations and their log lines (secrets masked) from a gateway's backlog, or follow them live.",
    )
    .option('-f, --follow', 'keep printing invocations as they happen (reconnects by itself)')
    .option('--extension <id>', 'only this extension')
    .option('--tenant <id>', 'only this tenant')
    .option('--request-id <id>', 'only this request')
    .option('--since <when>', 'only from this time on: a duration back (30s, 10m, 1h, 2d) or an ISO time')
    .option('--limit <n>', 'without --follow: at most this many of the newest invocations (default 100)')
    .option('--json', 'one JSON invocation event per line')
    .option('--gateway <url>', `the gateway (default: EXTSYS_GATEWAY or ${DEFAULT_GATEWAY})`)
    .option('--credential-file <path>', "a file holding the gateway's admin token or a publisher credential")
    .addHelpText(
      'after',
      '\nThe credential comes from --credential-file, EXTSYS_TOKEN or EXTSYS_TOKEN_FILE (never a flag holding it);\n' +
        "in a project whose `extsys dev` runs, the dev stack's own token is used for its local gateway.\n" +
        'The platform admin token sees every tenant; a publisher credential sees its own extensions.',
    )
    .action(async (options: LogsOptions) => {
      if (options.limit !== undefined && !/^\d{1,4}$/.test(options.limit)) {
        throw new UsageError(`--limit takes a whole number from 1 to 1000, not ${JSON.stringify(options.limit)}`);
      }
      const { url: gatewayUrl, credential } = await resolveGatewayTarget({ ...options, projectDir: process.cwd() });
      const filter: LogFilter = {
        extension: options.extension,
        tenant: options.tenant,
        requestId: options.requestId,
        since: options.since === undefined ? undefined : parseSince(options.since),
      };
      const print = (event: Parameters<typeof formatLogEvent>[0]) =>
        process.stdout.write(`${options.json ? JSON.stringify(event) : formatLogEvent(event)}\n`);
      if (!options.follow) {
        const limit = options.limit === undefined ? undefined : Number(options.limit);
        const listed = await listLogs({ gatewayUrl, credential: credential.token, filter, limit });
        if (listed.truncated) console.error(`extsys logs: older invocations left out (--limit ${limit ?? 100})`);
        for (const event of listed.events) print(event);
        return;
      }
      // Following without --since starts now: the backlog was already seen or is not wanted.
      filter.since ??= new Date().toISOString();
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await followLogs({
          gatewayUrl,
          credential: credential.token,
          filter,
          signal: stop.signal,
          onEvent: print,
          onNotice: (notice) =>
            console.error(
              notice.reason === 'gap'
                ? 'extsys logs: some invocations may be missing (the gateway no longer held them)'
                : `extsys logs: the gateway skipped ${notice.skipped} invocations (${notice.reason === 'rate' ? 'more per second than a stream carries' : 'this terminal did not keep up'})`,
            ),
          onStatus: (status) =>
            console.error(
              status.state === 'connected'
                ? `extsys logs: following ${gatewayUrl} (credential from ${credential.source}); Ctrl-C to stop`
                : `extsys logs: ${status.detail ?? 'disconnected'}; reconnecting`,
            ),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
