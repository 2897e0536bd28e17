import { hostValue } from './host-call.js';

/** The install's secrets (capability `secrets.read`). */
export const secrets = {
  /** The secret, or null when the install has not set it. Never log it, never answer it. */
  async get(name: string): Promise<string | null> {
    return hostValue('secret_get', { name })?.value ?? null;
  },
};
