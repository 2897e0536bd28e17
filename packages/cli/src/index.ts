export { createProgram, runCli } from './program.js';
export { CliError, UsageError, EXIT } from './cli-error.js';
export { followLogs, listLogs, type FollowLogsOptions, type LogClientOptions } from './logs/log-client.js';
export { formatLogEvent } from './logs/format-event.js';
export { parseSince, type LogFilter } from './logs/log-filter.js';
