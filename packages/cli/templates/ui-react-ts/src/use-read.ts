// A read on mount as state: what the page shows while it loads, its answer, or its error.
import { ExtError } from '@extsys/ext-sdk';
import { useEffect, useState } from 'react';

export interface ReadState<T> {
  data: T | undefined;
  error: ExtError | undefined;
}

/** Every failure as an ExtError (the SDK's calls only throw those; anything else is a bug, shown as `internal`). */
export const asExtError = (error: unknown) =>
  error instanceof ExtError ? error : new ExtError('internal', String(error));

/** Runs `read` on mount (and again for a new `read`: memoise it); aborts it on unmount. */
export function useRead<T>(read: (signal: AbortSignal) => Promise<T>): ReadState<T> {
  const [state, setState] = useState<ReadState<T>>({ data: undefined, error: undefined });
  useEffect(() => {
    const controller = new AbortController();
    read(controller.signal).then(
      (data) => setState({ data, error: undefined }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error: asExtError(error) });
      },
    );
    return () => controller.abort();
  }, [read]);
  return state;
}
