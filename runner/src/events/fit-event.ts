import { LOG_EVENT_LIMITS, type InvocationEvent } from '@extsys/protocol';

/** Room left in LOG_EVENT_LIMITS.maxEventBytes for the id the ring adds. */
const ID_ROOM_BYTES = 96;
const ELLIPSIS = '…';

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}${ELLIPSIS}`);

/**
 * Fits an event within LOG_EVENT_LIMITS: each message and error text cut to its length, at most
 * `maxLines` lines, and then, while the JSON is still too large, lines dropped from the end (the
 * first lines of a call are usually what explains it). Any cut sets `logsTruncated`.
 */
export function fitInvocationEvent(event: Omit<InvocationEvent, 'id'>): Omit<InvocationEvent, 'id'> {
  const { maxLines, maxLineChars, maxErrorChars, maxEventBytes } = LOG_EVENT_LIMITS;
  let truncated = event.logsTruncated || event.logs.length > maxLines;
  const logs = event.logs.slice(0, maxLines).map((line) => {
    if (line.message.length <= maxLineChars) return line;
    truncated = true;
    return { ...line, message: cut(line.message, maxLineChars) };
  });
  const fitted: Omit<InvocationEvent, 'id'> = {
    ...event,
    logs,
    ...(event.errorMessage === undefined ? {} : { errorMessage: cut(event.errorMessage, maxErrorChars) }),
    ...(event.handlerError === undefined
      ? {}
      : {
          handlerError: {
            message: cut(event.handlerError.message, maxErrorChars),
            ...(event.handlerError.stack === undefined ? {} : { stack: cut(event.handlerError.stack, maxErrorChars) }),
          },
        }),
  };
  const budget = maxEventBytes - ID_ROOM_BYTES;
  let bytes = Buffer.byteLength(JSON.stringify({ ...fitted, logsTruncated: true }));
  while (bytes > budget && logs.length > 0) {
    const dropped = logs.pop()!;
    bytes -= Buffer.byteLength(JSON.stringify(dropped)) + 1;
    truncated = true;
  }
  const result = { ...fitted, logs, logsTruncated: truncated };
  if (bytes <= budget) return result;
  // Only error texts full of escaped characters get here (6 JSON bytes per character): a quarter each.
  return fitInvocationEvent({
    ...result,
    ...(result.errorMessage === undefined ? {} : { errorMessage: cut(result.errorMessage, maxErrorChars / 4) }),
    ...(result.handlerError === undefined
      ? {}
      : {
          handlerError: {
            message: cut(result.handlerError.message, maxErrorChars / 4),
            ...(result.handlerError.stack === undefined
              ? {}
              : { stack: cut(result.handlerError.stack, maxErrorChars / 4) }),
          },
        }),
  });
}
