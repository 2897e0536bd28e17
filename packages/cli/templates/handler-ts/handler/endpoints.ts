import type { Implementations } from '@extsys/handler-js';
import type { contract } from '../src/contract.js';

/** The type of each endpoint's implementation, by name: `Endpoints['getCounter']`. */
export type Endpoints = Implementations<typeof contract>;
