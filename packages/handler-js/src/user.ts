import { hostValue, type HostCallValue } from './host-call.js';

export type User = NonNullable<HostCallValue<'user_get'>>;

/** The calling user (capability `user.read`). */
export const user = {
  /** The user on whose behalf the call runs, or null for a call without one (a system call). */
  async get(): Promise<User | null> {
    return hostValue('user_get', {});
  },
};
