import type { WireMessage, WireMessenger } from './transport.js';

const HANDSHAKE = ['SYN', 'ACK1', 'ACK2', 'DESTROY'];

/**
 * The extension page's side of penpal v7's window transport (what penpal's `WindowMessenger` does
 * for a child, without its penpal v6 compatibility layer); child-handshake.ts runs the SYN/ACK
 * handshake over it. Handshake messages go to `window.parent` with the exact parent origin as
 * targetOrigin (SYN included, which penpal would post to "*") and are accepted only from
 * `window.parent` at that origin; the frame creates the private MessagePort and sends it with its
 * ACK2 (the host always leads, see child-handshake.ts); everything after the handshake travels on
 * that port, and nothing but handshake messages is accepted from `window`.
 */
export class ParentMessenger implements WireMessenger {
  #validate: ((data: unknown) => boolean) | undefined;
  #port: MessagePort | undefined;
  readonly #handlers = new Set<(message: WireMessage) => void>();

  constructor(
    private readonly parent: Window,
    private readonly origin: string,
  ) {}

  initialize = ({ validateReceivedMessage }: { validateReceivedMessage: (data: unknown) => boolean }): void => {
    this.#validate = validateReceivedMessage;
    window.addEventListener('message', this.#onWindow);
  };

  sendMessage = (message: WireMessage, transfer: Transferable[] = []): void => {
    if (message.type === 'ACK2') {
      const { port1, port2 } = new MessageChannel();
      this.#listen(port1);
      transfer = [port2, ...transfer];
    } else if (!HANDSHAKE.includes(message.type)) {
      if (!this.#port) throw new Error('the bridge port is not connected');
      return this.#port.postMessage(message, { transfer });
    }
    this.parent.postMessage(message, { targetOrigin: this.origin, transfer });
  };

  addMessageHandler = (handler: (message: WireMessage) => void): void => void this.#handlers.add(handler);

  destroy = (): void => {
    window.removeEventListener('message', this.#onWindow);
    this.#listen(undefined);
    this.#handlers.clear();
  };

  #deliver(data: unknown) {
    if (this.#validate?.(data)) for (const handler of this.#handlers) handler(data as WireMessage);
  }

  #onWindow = (event: MessageEvent): void => {
    const data = event.data as { type?: unknown } | null;
    if (event.source !== this.parent || event.origin !== this.origin || !HANDSHAKE.includes(data?.type as string)) {
      return;
    }
    // A new SYN is a new handshake (the host re-bootstrapped): the old port is done.
    if (data?.type === 'SYN') this.#listen(undefined);
    this.#deliver(data);
  };

  #onPort = (event: MessageEvent): void => this.#deliver(event.data);

  #listen(port: MessagePort | undefined) {
    this.#port?.removeEventListener('message', this.#onPort);
    this.#port?.close();
    this.#port = port;
    port?.addEventListener('message', this.#onPort);
    port?.start();
  }
}
