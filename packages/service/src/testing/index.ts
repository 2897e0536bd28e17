export { sendRaw, trickle, type RawAnswer, type RawTarget, type TrickleAnswer } from './raw-http-client.js';
