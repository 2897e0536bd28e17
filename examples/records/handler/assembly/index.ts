// The records handler: one route per endpoint of manifest.json.
import { app } from '@extsys/handler-sdk';
import { getLinks, saveLinks } from './links';
import { getRecord, listRecords, saveRecord } from './routes';
// These three exports ARE the module's ABI (runner ABI v1): keep this line.
export { alloc, dealloc, handle } from '@extsys/handler-sdk';

app
  .get('/records', listRecords)
  .get('/records/:id', getRecord)
  .put('/records/:id', saveRecord)
  .get('/links/:customer', getLinks)
  .put('/links/:customer', saveLinks);
