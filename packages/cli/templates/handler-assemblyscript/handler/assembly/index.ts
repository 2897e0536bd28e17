// The handler (runtime wasm@1, AssemblyScript): one route per endpoint of manifest.json, which
// src/contract.ts mirrors for the UI. `extsys build` compiles this entry with handler/asconfig.json
// into dist/bundle/handler/handler.wasm.
import { app } from '@extsys/handler-sdk';
import { getCounter, incrementCounter } from './counter';
import { getGreeting } from './greeting';
// These three exports ARE the module's ABI (runner ABI v1): keep this line.
export { alloc, dealloc, handle } from '@extsys/handler-sdk';

app.get('/greeting', getGreeting).get('/counter', getCounter).post('/counter/increment', incrementCounter);
