// What the page shows before the host has answered, and when it never does.
import type { ExtError } from '@extsys/ext-sdk';
import { Spinner } from '@extsys/ui-kit';
import { ErrorMessage } from './ErrorMessage.js';

export function Connecting() {
  return <Spinner label="Connecting to the host…" />;
}

export function ConnectFailed({ error }: { error: ExtError }) {
  return <ErrorMessage testId="connect-error" title="Could not connect to the host" error={error} />;
}
