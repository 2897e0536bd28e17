// A read on mount as state (`data`, `error`, `loading`, `reload`): `useApi` for a typed contract call.
import { ExtError } from '@extsys/ext-sdk';
import { useCallback, useEffect, useState } from 'react';

export interface ReadState<T> {
  data: T | undefined;
  error: ExtError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `read` on mount and on `reload()`; a new `read` (memoise it) reads again. */
export function useRead<T>(read: (signal: AbortSignal) => Promise<T>): ReadState<T> {
  const [state, setState] = useState<{ data?: T; error?: ExtError; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    read(controller.signal).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        // An unmount or a newer read aborted this one: its outcome is nobody's business.
        if (controller.signal.aborted) return;
        const ext = error instanceof ExtError ? error : new ExtError('internal', String(error));
        setState((s) => ({ ...s, error: ext, loading: false }));
      },
    );
    return () => controller.abort();
  }, [read, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
