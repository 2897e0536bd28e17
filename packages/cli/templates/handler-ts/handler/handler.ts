// The handler (runtime js@1): one implementation per endpoint of the contract (src/contract.ts),
// each in its own file. `extsys build` bundles this entry into dist/bundle/handler/handler.js.
import { serve } from '@extsys/handler-js';
import { contract } from '../src/contract.js';
import { getCounter, incrementCounter } from './counter.js';
import { getGreeting } from './greeting.js';

// The runtime calls this export (the js@1 ABI): keep its name.
export const handle = serve(contract, { getGreeting, getCounter, incrementCounter });
