/**
 * Server-Sent Events, both ways, as the HTML standard defines the format (text/event-stream): the
 * runner and the gateway write it, the gateway and the CLI read it with a streaming fetch. Plain
 * string code, no DOM or Node APIs: a few dozen lines instead of a dependency on each side.
 */

export const SSE_CONTENT_TYPE = 'text/event-stream';

export interface SseMessage {
  /** The `event:` field; `message` when absent, as in browsers. */
  event: string;
  data: string;
  /** The `id:` field when the message had one. */
  id?: string | undefined;
}

/** One message: `data` must not contain line breaks (JSON.stringify's output never does). */
export function encodeSseMessage(message: { event?: string; id?: string; data: string }): string {
  if (/[\r\n]/.test(message.data) || /[\r\n]/.test(message.event ?? '') || /[\r\n\0]/.test(message.id ?? '')) {
    throw new RangeError('an SSE field must not contain a line break');
  }
  return `${message.id === undefined ? '' : `id: ${message.id}\n`}${message.event === undefined ? '' : `event: ${message.event}\n`}data: ${message.data}\n\n`;
}

/** A comment line: ignored by readers, it keeps proxies and load balancers from closing an idle stream. */
export function encodeSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

/**
 * Reads a text/event-stream as it arrives: `push()` the decoded text of each chunk (a chunk may end
 * anywhere, even between `\r` and `\n`) and get the messages it completed.
 */
export class SseDecoder {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  /** The stream's last `id:` (what a reconnect sends as `Last-Event-ID`). */
  lastEventId: string | undefined;

  push(text: string): SseMessage[] {
    this.buffer += text;
    const messages: SseMessage[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      // A lone `\r` at the very end may be the first half of `\r\n`: wait for the next chunk.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const message = this.line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      const dispatch =
        this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n'), id: this.id } : undefined;
      this.data = [];
      this.event = '';
      return dispatch;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
      this.lastEventId = value;
    }
    return undefined;
  }
}
