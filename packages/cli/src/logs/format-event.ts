import type { InvocationEvent } from '@extsys/protocol';

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const indent = (text: string, prefix: string) =>
  text
    .split(/\r?\n/)
    .map((line) => `${prefix}${line}`)
    .join('\n');

/**
 * An invocation as terminal lines: one summary line
 * (`time  tenant  extension  METHOD /path → status  12 ms  req_…`, with the error code when it
 * failed), then each log line indented with its level, then a thrown error's message and stack.
 */
export function formatLogEvent(event: InvocationEvent): string {
  const outcome = event.errorCode === undefined ? String(event.status) : `${event.status} ${event.errorCode}`;
  const lines = [
    [
      event.time,
      event.tenantId,
      `${event.extensionId}@${event.version}`,
      `${event.method} ${event.path} → ${outcome}`,
      `${Math.round(event.durationMs)} ms`,
      event.requestId,
      ...(event.replayed ? ['(replayed)'] : []),
    ].join('  '),
  ];
  for (const line of event.logs) lines.push(indent(line.message, `    ${pad(line.level, 5)}  `));
  if (event.logsTruncated)
    lines.push('    (some log lines were dropped: the runner keeps 1000 lines and 64 KB per call)');
  if (event.handlerError) {
    lines.push(indent(event.handlerError.message, '    threw  '));
    if (event.handlerError.stack) lines.push(indent(event.handlerError.stack, '           '));
  } else if (event.errorMessage) {
    lines.push(indent(event.errorMessage, `    ${pad('error', 5)}  `));
  }
  return lines.join('\n');
}
