// The SDK's child side of penpal v7's protocol (src/child-handshake.ts, src/port-calls-in.ts)
// against the REAL penpal `connect()` on the host side: the wire-compatibility proof at the unit
// level (the mock host and the Chromium e2e suite run the whole bridge over it).
import { connect as penpalConnect, PenpalError, type Connection, type Message, type Messenger } from 'penpal';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNEL, type MountFragment } from '@extsys/protocol/bridge';
import { openLink, type Link, type LinkHooks } from '../src/child-handshake.js';
import { ParentMessenger } from '../src/messenger.js';
import type { WireMessage, WireMessenger } from '../src/transport.js';
import { waitFor } from './helpers.js';

type Remote = Record<string, (arg?: unknown) => Promise<unknown>>;
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One extension end (what openLink drives) and host ends made on demand, each a real penpal
 * `connect()`: the latest host end is the one the extension's messages reach (a new one is the
 * host bridge restarting, with a new participant id). Messages are cloned and delivered async.
 */
function bench() {
  const sent: WireMessage[] = [];
  let validate: ((data: unknown) => boolean) | undefined;
  const handlers = new Set<(message: WireMessage) => void>();
  let deliverToHost: ((data: unknown) => void) | undefined;
  const extension: WireMessenger = {
    initialize: (o) => void (validate = o.validateReceivedMessage),
    sendMessage: (message) => {
      sent.push(message);
      const copy = structuredClone(message);
      setTimeout(() => deliverToHost?.(copy), 0);
    },
    addMessageHandler: (handler) => void handlers.add(handler),
    destroy: () => handlers.clear(),
  };
  const toExtension = (data: unknown) =>
    setTimeout(() => {
      if (validate?.(data)) for (const handler of [...handlers]) handler(data as WireMessage);
    }, 0);
  const hosts: Connection<Remote>[] = [];
  function host(methods: Record<string, (...args: unknown[]) => unknown> = {}): Connection<Remote> {
    let hostValidate: ((data: unknown) => boolean) | undefined;
    const hostHandlers = new Set<(message: Message) => void>();
    const deliver = (data: unknown) => {
      if (hostValidate?.(data)) for (const handler of [...hostHandlers]) handler(data as Message);
    };
    deliverToHost = deliver;
    const messenger: Messenger = {
      initialize: (o) => void (hostValidate = o.validateReceivedMessage),
      sendMessage: (message) => toExtension(structuredClone(message)),
      addMessageHandler: (handler) => void hostHandlers.add(handler),
      removeMessageHandler: (handler) => void hostHandlers.delete(handler),
      destroy: () => {
        hostHandlers.clear();
        if (deliverToHost === deliver) deliverToHost = undefined;
      },
    };
    const conn = penpalConnect<Remote>({ messenger, methods, channel: BRIDGE_CHANNEL });
    hosts.push(conn);
    return conn;
  }
  return { extension, sent, host, toExtension, hosts };
}

let link: Link | undefined;
afterEach(() => {
  link?.destroy();
  link = undefined;
});

function open(messenger: WireMessenger, hooks: Partial<LinkHooks> = {}) {
  const closed = vi.fn();
  const portReplies: unknown[] = [];
  link = openLink({ fragment: '', createMessenger: () => messenger }, {} as MountFragment, {
    methods: {},
    onPortReply: (reply) => portReplies.push(reply),
    onClosed: closed,
    ...hooks,
  });
  return { link, closed, portReplies };
}

describe('child handshake against penpal v7 (host side)', () => {
  it.each([
    ['the host starts first', 'host'],
    ['the page starts first', 'page'],
  ])('connects when %s; the host leads (the page answers ACK1 with ACK2, never sends ACK1)', async (_, first) => {
    const b = bench();
    const themeChanged = vi.fn((arg: unknown) => ({ ok: true, value: arg }));
    let conn: Connection<Remote> | undefined;
    if (first === 'host') conn = b.host();
    await tick(20);
    const { link } = open(b.extension, { methods: { themeChanged } });
    await tick(20);
    conn ??= b.host();
    await link.ready;
    const remote = await conn.promise;
    expect(await remote.themeChanged!({ mode: 'dark' })).toEqual({ ok: true, value: { mode: 'dark' } });
    expect(themeChanged).toHaveBeenCalledWith({ mode: 'dark' });
    const types = b.sent.map((m) => m.type);
    expect(types).toContain('ACK2');
    expect(types).not.toContain('ACK1');
    for (const m of b.sent) expect(m).toMatchObject({ namespace: 'penpal', channel: BRIDGE_CHANNEL });
    expect(b.sent[0]!['participantId']).toMatch(/^!/); // below any id penpal generates
  });

  it('the host leads whatever its (penpal-generated) participant id', async () => {
    for (let i = 0; i < 10; i++) {
      const b = bench();
      const conn = b.host();
      const { link } = open(b.extension);
      await link.ready;
      await conn.promise;
      expect(b.sent.map((m) => m.type)).not.toContain('ACK1');
      link.destroy();
    }
  });

  it('a new SYN from the host (its bridge restarted) is a new handshake on the same link', async () => {
    const b = bench();
    const navigate = vi.fn(() => ({ ok: true, value: null }));
    const first = b.host();
    const { link, closed } = open(b.extension, { methods: { navigate } });
    await link.ready;
    await first.promise;
    const second = b.host(); // a new participant id: the page answers SYN, gets ACK1, answers ACK2
    const remote = await second.promise;
    expect(await remote.navigate!({ path: '/b' })).toEqual({ ok: true, value: null });
    expect(b.sent.filter((m) => m.type === 'ACK2')).toHaveLength(2);
    expect(b.sent.filter((m) => m.type === 'SYN')).toHaveLength(3);
    expect(closed).not.toHaveBeenCalled();
  });

  it('answers an async method once it settles, and a throwing one with an error penpal rebuilds', async () => {
    const b = bench();
    const conn = b.host();
    const { link } = open(b.extension, {
      methods: {
        beforeUnmount: async () => {
          await tick(50);
          return { ok: true, value: null };
        },
        boom: () => {
          throw new TypeError('boom');
        },
        rejectsPlain: () => Promise.reject({ code: 'x' }), // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
      },
    });
    await link.ready;
    const remote = await conn.promise;
    const started = Date.now();
    expect(await remote.beforeUnmount!({ reason: 'navigation' })).toEqual({ ok: true, value: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await expect(remote.boom!()).rejects.toMatchObject({ name: 'TypeError', message: 'boom' });
    await expect(remote.rejectsPlain!()).rejects.toEqual({ code: 'x' });
    const missing = await remote.nope!().catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(PenpalError);
    expect(missing).toMatchObject({ code: 'METHOD_NOT_FOUND' });
    // Not an own method of the table: not callable.
    await expect(remote['toString']!()).rejects.toMatchObject({ code: 'METHOD_NOT_FOUND' });
  });

  it("the host's DESTROY closes the link (onClosed, once); destroy() sends DESTROY to the host", async () => {
    const b = bench();
    const conn = b.host();
    const { link, closed } = open(b.extension);
    await link.ready;
    await conn.promise;
    conn.destroy();
    await waitFor(() => closed.mock.calls.length > 0);
    link.destroy();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(b.sent.map((m) => m.type)).not.toContain('DESTROY'); // already closed by the host

    const c = bench();
    const conn2 = c.host();
    const second = open(c.extension);
    await second.link.ready;
    const remote = await conn2.promise;
    second.link.destroy();
    expect(second.closed).toHaveBeenCalledTimes(1);
    expect(c.sent.at(-1)).toEqual({ namespace: 'penpal', channel: BRIDGE_CHANNEL, type: 'DESTROY' });
    await tick(10);
    expect(() => remote.themeChanged!({})).toThrow(expect.objectContaining({ code: 'CONNECTION_DESTROYED' }));
  });

  it('hands port answers ({xr, r}) to onPortReply, and ignores other channels', async () => {
    const b = bench();
    const themeChanged = vi.fn();
    const { link, portReplies } = open(b.extension, { methods: { themeChanged } });
    b.toExtension({ xr: 7, r: { ok: true, value: 1 } });
    const call = { type: 'CALL', id: 'c1', methodPath: ['themeChanged'], args: [{}] };
    b.toExtension({ namespace: 'penpal', channel: 'another', ...call });
    b.toExtension({ namespace: 'other', channel: BRIDGE_CHANNEL, ...call });
    await tick(10);
    expect(portReplies).toEqual([{ xr: 7, r: { ok: true, value: 1 } }]);
    expect(themeChanged).not.toHaveBeenCalled();
    link.destroy();
  });

  it('rejects `ready` when the SYN cannot be sent', async () => {
    const { link } = open({
      initialize: () => undefined,
      sendMessage: () => {
        throw new Error('the mock host is disconnected');
      },
      addMessageHandler: () => undefined,
      destroy: () => undefined,
    });
    await expect(link.ready).rejects.toThrow(/disconnected/);
  });
});

describe('child handshake over the window (ParentMessenger)', () => {
  const ORIGIN = 'https://host.example.com';
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  it('answers only the parent at its origin, hands over a port with ACK2, then talks on the port', async () => {
    frame = document.createElement('iframe');
    document.body.append(frame);
    const parent = frame.contentWindow!;
    const posts: { data: WireMessage; targetOrigin: string; transfer: Transferable[] }[] = [];
    vi.spyOn(parent, 'postMessage').mockImplementation(((data: WireMessage, options: WindowPostMessageOptions) => {
      posts.push({ data, targetOrigin: options.targetOrigin!, transfer: options.transfer ?? [] });
    }) as typeof parent.postMessage);
    const themeChanged = vi.fn(async () => ({ ok: true, value: null }));
    const { link } = open(new ParentMessenger(parent, ORIGIN), { methods: { themeChanged } });
    const fromWindow = (data: unknown, source: Window | null = parent, origin = ORIGIN) =>
      window.dispatchEvent(new MessageEvent('message', { data, source, origin }));
    const wire = (type: string, fields: object = {}) => ({
      namespace: 'penpal',
      channel: BRIDGE_CHANNEL,
      type,
      ...fields,
    });

    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ data: { type: 'SYN' }, targetOrigin: ORIGIN });
    // A handshake from the wrong origin or another window is ignored (nothing answered).
    fromWindow(wire('SYN', { participantId: 'host-1' }), undefined, 'https://evil.example');
    fromWindow(wire('SYN', { participantId: 'host-1' }), window);
    fromWindow(wire('ACK1', { methodPaths: [] }), window);
    fromWindow(wire('CALL', { id: 'c0', methodPath: ['themeChanged'], args: [{}] })); // calls come on the port only
    await tick(10);
    expect(posts).toHaveLength(1);
    expect(themeChanged).not.toHaveBeenCalled();

    fromWindow(wire('SYN', { participantId: 'host-1' }));
    fromWindow(wire('SYN', { participantId: 'host-1' })); // the same participant again: not answered twice
    expect(posts.map((p) => p.data.type)).toEqual(['SYN', 'SYN']);
    fromWindow(wire('ACK1', { methodPaths: [] }));
    await link.ready;
    expect(posts[2]).toMatchObject({ data: { type: 'ACK2' }, targetOrigin: ORIGIN });
    expect(posts.every((p) => p.targetOrigin === ORIGIN)).toBe(true);
    const port = posts[2]!.transfer[0] as MessagePort;
    expect(port).toBeInstanceOf(MessagePort);

    const replies: unknown[] = [];
    port.addEventListener('message', (event) => replies.push(event.data));
    port.start();
    port.postMessage(wire('CALL', { id: 'c1', methodPath: ['themeChanged'], args: [{ mode: 'dark' }] }));
    await waitFor(() => replies.length > 0);
    expect(replies[0]).toEqual(wire('REPLY', { callId: 'c1', value: { ok: true, value: null } }));

    // The host bridge restarted: a new SYN closes the old port and starts over.
    fromWindow(wire('SYN', { participantId: 'host-2' }));
    expect(posts.at(-1)).toMatchObject({ data: { type: 'SYN' } });
    port.postMessage(wire('CALL', { id: 'c2', methodPath: ['themeChanged'], args: [{}] }));
    await tick(20);
    expect(themeChanged).toHaveBeenCalledTimes(1);
    fromWindow(wire('ACK1', { methodPaths: [] }));
    expect(posts.at(-1)).toMatchObject({ data: { type: 'ACK2' } });
    expect(posts.at(-1)!.transfer[0]).not.toBe(port);
  });
});
