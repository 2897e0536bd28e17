import { nanoid } from 'nanoid';

/** A request id the kit mints when the host's server did not give one: `req_` and 16 random characters. */
export function mintRequestId(): string {
  return `req_${nanoid(16)}`;
}
