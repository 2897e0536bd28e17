// The hello handler (runtime js@1): one implementation per endpoint of the contract, each in its
// own file. `extsys-bundle build-handler` bundles this entry into dist/bundle/handler/handler.js.
import { serve } from '@extsys/handler-js';
import { contract } from '../src/contract.js';
import { getCounter, incrementCounter } from './counter.js';
import { echo } from './echo.js';
import { quote } from './quote.js';

// The runtime calls this export (the js@1 ABI): keep its name.
export const handle = serve(contract, { getCounter, incrementCounter, echo, quote });
