// One bundle, three surfaces: the host mounts an entry point of manifest.json's `ui.entryPoints`,
// and the page shows the view of that entry point's target.
import { useEntry } from '@extsys/ext-sdk/react';
import { App } from './App.js';
import { CustomerPanel } from './CustomerPanel.js';
import { PickRecord } from './PickRecord.js';

export function Surface() {
  const entry = useEntry();
  if (entry.target === 'panel') return <CustomerPanel subject={entry.subject} />;
  if (entry.target === 'modal') return <PickRecord input={entry.input} />;
  return <App />;
}
