// A user-triggered call (button, form) as state: what useRead is for reads, this is for writes.
import { ExtError } from '@extsys/ext-sdk';
import { useCallback, useState } from 'react';

export interface ActionState<A extends unknown[], T> {
  run: (...args: A) => Promise<void>;
  data: T | undefined;
  error: ExtError | undefined;
  busy: boolean;
}

export function useAction<A extends unknown[], T>(call: (...args: A) => Promise<T>): ActionState<A, T> {
  const [state, setState] = useState<{ data?: T; error?: ExtError; busy: boolean }>({ busy: false });
  const run = useCallback(
    async (...args: A) => {
      setState((s) => ({ data: s.data, busy: true }));
      try {
        const data = await call(...args);
        setState({ data, busy: false });
      } catch (error) {
        const ext = error instanceof ExtError ? error : new ExtError('internal', String(error));
        setState((s) => ({ data: s.data, error: ext, busy: false }));
      }
    },
    [call],
  );
  return { run, data: state.data, error: state.error, busy: state.busy };
}
