/**
 * Whether the frame is visible to the user: the host's own say (`handle.setVisible`, a hidden
 * tab panel) and the document's (a background browser tab, a minimised window). The page gets
 * `visible: false` when either hides it, so it can pause polling and animations.
 */
export interface Visibility {
  readonly visible: boolean;
  /** The host showed or hid the frame; returns the combined visibility (the caller pushes it). */
  setHost(visible: boolean): boolean;
  dispose(): void;
}

export function followVisibility(doc: Document | undefined, onChange: (visible: boolean) => void): Visibility {
  let host = true;
  const documentVisible = () => doc?.visibilityState !== 'hidden';
  const combined = () => host && documentVisible();
  let last = combined();
  const update = () => {
    const next = combined();
    if (next === last) return;
    last = next;
    onChange(next);
  };
  doc?.addEventListener('visibilitychange', update);
  return {
    get visible() {
      return last;
    },
    setHost(visible) {
      host = visible;
      last = combined();
      return last;
    },
    dispose: () => doc?.removeEventListener('visibilitychange', update),
  };
}
