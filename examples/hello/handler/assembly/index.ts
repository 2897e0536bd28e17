// The hello handler: one route per endpoint of manifest.json, each in its own file.
import { app } from '@extsys/handler-sdk';
import { getCounter, incrementCounter } from './counter';
import { echo } from './echo';
import { quote } from './quote';
// These three exports ARE the module's ABI (runner ABI v1): keep this line.
export { alloc, dealloc, handle } from '@extsys/handler-sdk';

app.get('/counter', getCounter).post('/counter/increment', incrementCounter).post('/echo', echo).get('/quote', quote);
