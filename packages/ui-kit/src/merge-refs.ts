import { useMemo, type Ref, type RefCallback } from 'react';

/** One ref callback that sets every given ref (object or callback) to the element. */
export function useMergedRef<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  // The refs themselves are the dependencies: a new callback only when one of them changes.
  return useMemo(() => mergeRefs(refs), refs);
}

function mergeRefs<T>(refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (node) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref) ref.current = node;
    }
  };
}
