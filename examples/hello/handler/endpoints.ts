import type { Implementations } from '@extsys/handler-js';
import type { contract } from '../src/contract.js';

/** The type of each endpoint's implementation, by name: `Endpoints['echo']` takes a typed body. */
export type Endpoints = Implementations<typeof contract>;
