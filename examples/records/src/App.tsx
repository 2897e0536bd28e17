// Picks the view from the SDK's navigation state; `go()` asks the host to move (and reflect it).
import { ExtError } from '@extsys/ext-sdk';
import { useNavigation } from '@extsys/ext-sdk/react';
import { Button, EmptyState } from '@extsys/ui-kit';
import { useCallback, useState } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { RecordDetail } from './RecordDetail.js';
import { RecordList } from './RecordList.js';
import { listRoute, parseRoute } from './routes.js';

export type Go = (path: string, options?: { replace?: boolean }) => void;

export function App() {
  const { current, go: navigate } = useNavigation();
  const [error, setError] = useState<ExtError>();
  const go: Go = useCallback(
    (path, options) => {
      setError(undefined);
      navigate(path, options).catch((e: unknown) =>
        setError(e instanceof ExtError ? e : new ExtError('internal', String(e))),
      );
    },
    [navigate],
  );
  const route = parseRoute(current);
  return (
    <main className="records">
      {error && <ErrorMessage testId="navigation-error" title="Could not navigate" error={error} />}
      {route.view === 'list' && <RecordList page={route.page} go={go} />}
      {route.view === 'detail' && <RecordDetail key={route.id} id={route.id} go={go} />}
      {route.view === 'unknown' && (
        <EmptyState
          title="Nothing here"
          description={`This extension has no page at ${route.path}.`}
          action={<Button onClick={() => go(listRoute(1))}>All records</Button>}
        />
      )}
    </main>
  );
}
