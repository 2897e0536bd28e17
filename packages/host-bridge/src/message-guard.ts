import type { InitializeMessengerOptions, Message, Messenger } from 'penpal';
import { BRIDGE_CHANNEL, type PortCall } from '@extsys/protocol/bridge';

/** Why an incoming message was dropped or refused. */
export const REJECT_REASONS = [
  /** A hello presented the wrong nonce. */
  'wrong-nonce',
  /** A call arrived before a successful hello. */
  'before-hello',
  /** A message claiming our channel came from a window that is not this iframe. */
  'foreign-source',
  /** A message from this iframe's window carried an origin the sandbox cannot produce. */
  'wrong-origin',
  /** Not a well-formed bridge message (bad envelope, several arguments, nested method path). */
  'malformed',
  /** Estimated above `BRIDGE_LIMITS.maxMessageBytes`. */
  'oversize',
  /** A method the host does not expose. */
  'unknown-method',
  /** The argument failed its schema. */
  'invalid',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface MessageRejectedEvent {
  reason: RejectReason;
  /** The method the message called, when it named a known one. */
  method?: string;
  /** What was wrong (never the message's content). */
  message: string;
}

export interface RejectionStats {
  total: number;
  byReason: Record<RejectReason, number>;
}

export function createStats(): RejectionStats {
  return {
    total: 0,
    byReason: Object.fromEntries(REJECT_REASONS.map((reason) => [reason, 0])) as Record<RejectReason, number>,
  };
}

/**
 * An upper-bound estimate of a structured-cloned value's size in bytes, stopping as soon as it
 * passes `limit` (so a huge message costs no more than `limit` to measure). Returns `Infinity`
 * past the limit or past 64 levels of nesting.
 */
export function estimateSize(value: unknown, limit: number): number {
  let total = 0;
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > 64) return Infinity;
    switch (typeof item) {
      case 'string':
        total += 8 + item.length * 2;
        break;
      case 'object':
        if (item === null) {
          total += 8;
          break;
        }
        if (seen.has(item)) break;
        seen.add(item);
        if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) {
          total += 16 + item.byteLength;
          break;
        }
        if (typeof Blob !== 'undefined' && item instanceof Blob) {
          total += 16 + item.size;
          break;
        }
        if (item instanceof Map || item instanceof Set) {
          total += 16;
          for (const entry of item instanceof Map ? item.entries() : item.values()) {
            total += 8;
            if (total > limit) return Infinity;
            stack.push([entry, depth + 1]);
          }
          break;
        }
        total += 16;
        for (const key of Object.keys(item)) {
          total += 8 + key.length * 2;
          if (total > limit) return Infinity;
          stack.push([(item as Record<string, unknown>)[key], depth + 1]);
        }
        break;
      default:
        total += 8;
    }
    if (total > limit) return Infinity;
  }
  return total;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether `data` is shaped like a port call (`{xc, ...}`, see PORT_CALL_KEY in @extsys/protocol). */
export function looksLikePortCall(data: unknown): boolean {
  return isRecord(data) && 'xc' in data;
}

/** Why a port call is malformed, or undefined. */
export function portCallProblem(data: Record<string, unknown>): string | undefined {
  if (!Number.isSafeInteger(data['xc'])) return 'port call without an integer id';
  if (typeof data['m'] !== 'string') return 'port call without a method name';
  if (!('a' in data) || Object.keys(data).length !== 3) return 'port call without exactly one argument';
  return undefined;
}

/** Whether `data` claims to be a penpal message on the extsys channel. */
export function claimsOurChannel(data: unknown): boolean {
  return isRecord(data) && data['namespace'] === 'penpal' && data['channel'] === BRIDGE_CHANNEL;
}

/** Why a message that claims our channel is not a well-formed penpal message, or undefined. */
export function penpalShapeProblem(data: Record<string, unknown>): string | undefined {
  switch (data['type']) {
    case 'SYN':
      return typeof data['participantId'] === 'string' ? undefined : 'SYN without a participant id';
    case 'ACK1':
      return Array.isArray(data['methodPaths']) ? undefined : 'ACK1 without method paths';
    case 'ACK2':
    case 'DESTROY':
      return undefined;
    case 'CALL':
      if (typeof data['id'] !== 'string') return 'call without an id';
      if (!Array.isArray(data['methodPath']) || !data['methodPath'].every((s) => typeof s === 'string')) {
        return 'call without a method path';
      }
      return Array.isArray(data['args']) ? undefined : 'call without an argument list';
    case 'REPLY':
      return typeof data['callId'] === 'string' ? undefined : 'reply without a call id';
    default:
      return 'unknown message type';
  }
}

export type CallMessage = Extract<Message, { type: 'CALL' }>;

export interface GuardHooks {
  /**
   * Sees every message on our channel before penpal does. Return false to drop it (the hook has
   * already answered or counted it).
   */
  inspect(message: Message): boolean;
  /** Sees messages on the channel that are malformed; they are always dropped. */
  malformed(problem: string): void;
  /** A well-formed port call, arrived on the private port (penpal never sees it). */
  portCall(call: PortCall): void;
}

/**
 * A penpal `Messenger` that puts `hooks` in front of the real one: penpal only ever sees messages
 * the guard let through. (Penpal checks channel and source; the guard adds shape, size, method and
 * argument checks, and answers refused calls itself.)
 */
export class GuardedMessenger implements Messenger {
  readonly #inner: Messenger;
  readonly #hooks: GuardHooks;

  constructor(inner: Messenger, hooks: GuardHooks) {
    this.#inner = inner;
    this.#hooks = hooks;
  }

  initialize = ({ log, validateReceivedMessage }: InitializeMessengerOptions): void => {
    this.#inner.initialize({
      ...(log ? { log } : {}),
      validateReceivedMessage: (data: unknown): data is Message => {
        // Port calls reach this point only from the port: watchWindow() stops them on `window`.
        if (looksLikePortCall(data)) {
          const problem = portCallProblem(data as Record<string, unknown>);
          if (problem) this.#hooks.malformed(problem);
          else this.#hooks.portCall(data as PortCall);
          return false;
        }
        if (!claimsOurChannel(data)) return false;
        const problem = penpalShapeProblem(data as Record<string, unknown>);
        if (problem) {
          this.#hooks.malformed(problem);
          return false;
        }
        // The host always leads penpal's handshake (see sendMessage): the frame's participant id
        // reads as the lowest possible.
        const message = data as Record<string, unknown>;
        if (message['type'] === 'SYN') message['participantId'] = `!${String(message['participantId'])}`;
        return validateReceivedMessage(data) && this.#hooks.inspect(data);
      },
    });
  };

  sendMessage = (message: Message, transferables?: Transferable[]): void => {
    // Penpal's leader is the side with the higher participant id, a coin toss: when the frame led,
    // the handshake took three round trips before the hello could leave (SYN, SYN, ACK1, ACK2),
    // else two. The host presents an id that sorts above any other ("~" > hex digits) and reads
    // the frame's as below any ("!"), so both sides agree that the host leads: SYN → SYN + ACK1 →
    // ACK2 (the frame creates the port) + hello, always. The ids stay unique, so penpal's own
    // duplicate-SYN check is unchanged.
    if (message.type === 'SYN') message = { ...message, participantId: `~${message.participantId}` };
    try {
      this.#inner.sendMessage(message, transferables);
    } catch (error) {
      // An answer to a page that reloaded or went meanwhile (a modal's outcome, a slow confirm):
      // nobody is left to take it, and penpal would make it an unhandled rejection in the host page.
      if (message.type !== 'REPLY') throw error;
    }
  };

  addMessageHandler = (callback: (message: Message) => void): void => this.#inner.addMessageHandler(callback);
  removeMessageHandler = (callback: (message: Message) => void): void => this.#inner.removeMessageHandler(callback);
  destroy = (): void => this.#inner.destroy();
}

/**
 * Watches `window` for messages that claim our channel: from another window (a forged third
 * frame) they are counted and left alone (penpal ignores them too); from this iframe with an
 * origin its sandbox cannot produce they are counted and stopped before penpal sees them.
 * `onSyn` reports a handshake start from the frame (a reload). Returns the remover.
 */
export function watchWindow(options: {
  target: Window;
  frame: () => Window | null;
  expectedOrigin: string;
  reject: (reason: RejectReason, message: string) => void;
  onSyn: () => void;
}): () => void {
  const listener = (event: MessageEvent) => {
    const frame = options.frame();
    // A penpal v6 message ({penpal: ...}) from the frame would switch penpal into its deprecated
    // mode, which posts every later message (tokens included) with targetOrigin "*". The bridge
    // speaks v7 only: such a message is stopped before penpal sees it.
    const data: unknown = event.data;
    // Port calls are valid only on the private port; on `window` (from any window) they are
    // stopped before penpal's window listener (registered later) could pass them on.
    if (looksLikePortCall(data)) {
      event.stopImmediatePropagation();
      options.reject(
        'malformed',
        'a port call arrived as a window message (port calls travel on the private port only)',
      );
      return;
    }
    if (frame !== null && event.source === frame && typeof data === 'object' && data !== null && 'penpal' in data) {
      event.stopImmediatePropagation();
      options.reject('malformed', 'a penpal v6 message from the iframe was refused (the bridge speaks penpal v7 only)');
      return;
    }
    if (!claimsOurChannel(event.data)) return;
    if (event.source !== frame || frame === null) {
      options.reject('foreign-source', 'a message on the bridge channel came from a window that is not the iframe');
      return;
    }
    if (event.origin !== options.expectedOrigin) {
      event.stopImmediatePropagation();
      options.reject('wrong-origin', `a message from the iframe had origin "${event.origin}"`);
      return;
    }
    if ((event.data as Record<string, unknown>)['type'] === 'SYN') options.onSyn();
  };
  options.target.addEventListener('message', listener);
  return () => options.target.removeEventListener('message', listener);
}
