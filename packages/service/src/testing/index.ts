export {
  sendRaw,
  socketRefusal,
  trickle,
  type RawAnswer,
  type RawTarget,
  type SocketRefusal,
  type TrickleAnswer,
} from './raw-http-client.js';
