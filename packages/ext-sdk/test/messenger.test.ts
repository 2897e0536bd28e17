// The extension page's side of penpal's window transport (src/messenger.ts), in jsdom: what it
// posts, and what it accepts from `window`. (Real windows, opaque origins and MessagePorts across
// processes are the Chromium bench's and the e2e suite's.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from 'penpal';
import { ParentMessenger } from '../src/messenger.js';

const ORIGIN = 'https://host.example.com';
let frame: HTMLIFrameElement | undefined;
afterEach(() => frame?.remove());

function setup() {
  frame = document.createElement('iframe');
  document.body.append(frame);
  const parent = frame.contentWindow!;
  const posts: { data: unknown; targetOrigin: string; transfer: unknown[] }[] = [];
  vi.spyOn(parent, 'postMessage').mockImplementation(((data: unknown, options: WindowPostMessageOptions) => {
    posts.push({ data, targetOrigin: options.targetOrigin!, transfer: options.transfer ?? [] });
  }) as typeof parent.postMessage);
  const messenger = new ParentMessenger(parent, ORIGIN);
  const received: unknown[] = [];
  messenger.initialize({ validateReceivedMessage: (data: unknown): data is Message => typeof data === 'object' });
  messenger.addMessageHandler((m) => received.push(m));
  const fromWindow = (data: unknown, source: Window | null = parent, origin = ORIGIN) =>
    window.dispatchEvent(new MessageEvent('message', { data, source, origin }));
  return { parent, posts, messenger, received, fromWindow };
}

const msg = (type: string) => ({ namespace: 'penpal', channel: 'extsys.bridge', type, participantId: 'p' }) as Message;

describe('ParentMessenger', () => {
  it('posts the handshake to the parent with the exact parent origin (SYN too) and the port with ACK2', () => {
    const { posts, messenger } = setup();
    messenger.sendMessage(msg('SYN'));
    messenger.sendMessage(msg('ACK2'));
    expect(posts.map((p) => p.targetOrigin)).toEqual([ORIGIN, ORIGIN]);
    expect(posts[1]!.transfer[0]).toBeInstanceOf(MessagePort);
    messenger.destroy();
  });

  it('refuses to send a call before it has a port', () => {
    const { messenger } = setup();
    expect(() => messenger.sendMessage({ xc: 1, m: 'hello', a: {} } as unknown as Message)).toThrow(/not connected/);
    messenger.destroy();
  });

  it('accepts only handshake messages, only from the parent window at the parent origin', () => {
    const { messenger, received, fromWindow } = setup();
    fromWindow(msg('SYN'));
    fromWindow(msg('SYN'), window);
    fromWindow(msg('SYN'), undefined, 'https://evil.example');
    fromWindow({ xr: 1, r: { ok: true, value: null } });
    fromWindow(msg('CALL'));
    expect(received).toEqual([msg('SYN')]);
    messenger.destroy();
    fromWindow(msg('SYN'));
    expect(received).toHaveLength(1);
  });
});
