// vitest's jsdom environment replaces the global Uint8Array with jsdom's, while TextEncoder,
// fetch's Response and MessagePort (all Node's here) produce Node's: `instanceof Uint8Array`
// (what the protocol's byte schemas check) would then fail across the two realms. A browser
// page has a single realm, so the tests put Node's constructor back.
import { Buffer } from 'node:buffer';

const NodeUint8Array = (Object.getPrototypeOf(Buffer.prototype) as { constructor: Uint8ArrayConstructor }).constructor;
if (globalThis.Uint8Array !== NodeUint8Array) globalThis.Uint8Array = NodeUint8Array;
