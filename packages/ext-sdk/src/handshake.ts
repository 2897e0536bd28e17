import { PROTOCOL_VERSION, SDK_FEATURES, compareVersions, majorOf, type MountFragment } from '@extsys/protocol/bridge';
import type { Caller, HostPort } from './bridge.js';
import type { ExtContext } from './connect.js';
import { ExtError } from './errors.js';
import { openLink } from './child-handshake.js';
import type { Transport } from './transport.js';
import { SDK_PROTOCOL_RANGE, SDK_VERSION } from './version.js';

/** One handshake's outcome: the port to call, how to close it, the context of its hello. */
export interface Session {
  remote: HostPort;
  close: () => void;
  context: ExtContext;
}

export interface HandshakeDeps {
  transport: Transport;
  /** Read when the link opens (its parent origin) and again for the hello (the nonce, by then validated). */
  fragment: () => MountFragment;
  /** Settles when the fragment read at the link's start is validated: the hello (the nonce) waits for it. */
  beforeHello?: Promise<unknown>;
  /** The host → extension methods. */
  methods: Record<string, (arg: unknown) => unknown>;
  caller: Caller;
  /** The link of an adopted session closed. */
  onClosed: (session: Session) => void;
  timeoutMs: number;
}

/**
 * The penpal-v7 SYN/ACK on a new link (child-handshake.ts), then the hello (nonce, protocol range, features): resolves with
 * the session once the host answered with a context this SDK speaks. `cancel` gives up (the link
 * is closed and `session` rejects with the error).
 */
export function startHandshake(deps: HandshakeDeps): { session: Promise<Session>; cancel: (error: ExtError) => void } {
  const timedOut = () =>
    new ExtError('handshake_timeout', `the host did not complete the handshake within ${deps.timeoutMs} ms`);
  let cancel: (error: ExtError) => void = () => undefined;
  const session = new Promise<Session>((resolve, reject) => {
    let current: Session | undefined;
    let settled = false;
    const link = openLink(deps.transport, deps.fragment(), {
      methods: deps.methods,
      onPortReply: (reply) => deps.caller.receive(reply),
      onClosed: () => {
        if (current) deps.onClosed(current);
        // Closed before the hello was answered (the host went away or restarted the bridge):
        // fail now rather than at the handshake timeout.
        else fail(new ExtError('connection_lost', 'the host closed the bridge before the handshake finished'));
      },
    });
    const fail = (error: ExtError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.destroy();
      reject(error);
    };
    cancel = fail;
    const timer = setTimeout(() => fail(timedOut()), deps.timeoutMs);
    link.ready
      .then(async () => {
        await deps.beforeHello;
        const remote: HostPort = { send: (message, transfer) => link.send(message, transfer) };
        const ctx = await deps.caller.call(
          'hello',
          {
            nonce: deps.fragment().nonce,
            protocol: { ...SDK_PROTOCOL_RANGE },
            sdkVersion: SDK_VERSION,
            features: [...SDK_FEATURES],
          },
          { via: remote, timeoutMs: deps.timeoutMs },
        );
        if (
          majorOf(ctx.protocol) !== majorOf(PROTOCOL_VERSION) ||
          compareVersions(ctx.protocol, PROTOCOL_VERSION) > 0
        ) {
          throw new ExtError(
            'protocol_incompatible',
            `the host chose protocol ${ctx.protocol}, which this SDK (${SDK_PROTOCOL_RANGE.min}–${SDK_PROTOCOL_RANGE.max}) does not speak`,
          );
        }
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        current = {
          remote,
          close: () => link.destroy(),
          context: {
            ...ctx,
            timeZone: ctx.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
            entry: ctx.entry ?? { target: 'page', id: 'main' },
            visible: ctx.visible ?? true,
          },
        };
        resolve(current);
      })
      .catch((error: unknown) => {
        fail(
          error instanceof ExtError
            ? error
            : // The transport failed (not the host refusing): retriable, so a reconnect keeps trying.
              new ExtError(
                'connection_lost',
                `the handshake could not reach the host: ${String((error as Error)?.message ?? error)}`,
                { cause: error },
              ),
        );
      });
  });
  return { session, cancel: (error) => cancel(error) };
}
