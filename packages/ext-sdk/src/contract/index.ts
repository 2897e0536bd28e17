// `@extsys/ext-sdk/contract`: the UI side of an extension's API contract. A separate entry, so an
// extension that does not use a contract ships none of it (the core entry's size budget stays).
export { client } from './client.js';
export type { CallArgs, CallInit, CallOptions, ContractClient } from './call-types.js';
export { defineContract, type Contract } from '@extsys/protocol/contract';
