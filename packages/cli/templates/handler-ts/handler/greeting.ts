// `GET /greeting`: greets the calling user (capability `user.read`) by name.
import { user } from '@extsys/handler-js';
import type { Endpoints } from './endpoints.js';

/** → `{message}`: "Hello, Ada!", or "Hello!" for a call without a user (a service call). */
export const getGreeting: Endpoints['getGreeting'] = async () => {
  const me = await user.get();
  const name = me?.displayName ?? me?.id;
  return { message: name ? `Hello, ${name}!` : 'Hello!' };
};
