import type { LogEventQuery } from '@extsys/protocol';
import { CliError } from '../cli-error.js';

/** What `extsys logs` asks the gateway for: the query of GET /api/logs and /api/logs/stream, less `limit`. */
export type LogFilter = Omit<LogEventQuery, 'limit'>;

export function filterQuery(filter: LogFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filter, ...extra })) {
    if (value !== undefined) params.set(name, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: a duration back from now (`30s`, `10m`, `1h`, `2d`) or an ISO 8601 time. */
export function parseSince(value: string, now = Date.now()): string {
  const duration = /^(\d+)([smhd])$/.exec(value.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2]!]!).toISOString();
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new CliError(
      'since_invalid',
      `--since ${JSON.stringify(value)} is neither a duration (30s, 10m, 1h, 2d) nor an ISO time (2026-12-08T10:00:00Z)`,
    );
  }
  return new Date(time).toISOString();
}
