import * as z from 'zod/mini';
import { PROTOCOL_VERSION, compareVersions, majorOf } from './version-utils.js';

export { PROTOCOL_VERSION, compareVersions, majorOf };

const VERSION_PATTERN = /^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$/;
export const ProtocolVersion = z
  .string()
  .check(z.regex(VERSION_PATTERN, 'must be a protocol version "MAJOR.MINOR" such as "1.0"'));
export type ProtocolVersion = z.infer<typeof ProtocolVersion>;
