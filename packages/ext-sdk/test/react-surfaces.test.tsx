import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Ext } from '../src/index.js';
import { ExtProvider, useEntry, useSubject, useViewState, useVisible } from '../src/react/index.js';
import { connected, waitFor } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => {
  cleanup();
  ext?.destroy();
});

describe('React hooks of the surfaces', () => {
  it('useEntry, useSubject and useVisible re-render on the host’s changes', async () => {
    const r = await connected({ entry: { target: 'panel', id: 'side', subject: { type: 'customer', id: 'c-1' } } });
    ext = r.ext;
    function Panel() {
      const entry = useEntry();
      const subject = useSubject();
      const visible = useVisible();
      return <p data-testid="panel">{`${entry.target}:${entry.id} ${subject?.id ?? '-'} ${String(visible)}`}</p>;
    }
    render(
      <ExtProvider ext={ext}>
        <Panel />
      </ExtProvider>,
    );
    expect(screen.getByTestId('panel').textContent).toBe('panel:side c-1 true');
    await act(() => r.host.setSubject({ type: 'customer', id: 'c-2' }));
    await act(() => r.host.setVisible(false));
    expect(screen.getByTestId('panel').textContent).toBe('panel:side c-2 false');
  });

  it('useViewState reads the stored state, stores on set, migrates or drops another version', async () => {
    const r = await connected();
    ext = r.ext;
    await ext.view.state.set({ n: 5 }, { version: 1 });
    function Counter({ version }: { version: number }) {
      const [value, set, { ready }] = useViewState(
        { n: 0 },
        { version, migrate: (old) => (old.version === 1 ? { n: (old.value as { n: number }).n * 10 } : undefined) },
      );
      return (
        <button data-testid="counter" onClick={() => set({ n: value.n + 1 })}>
          {ready ? String(value.n) : 'loading'}
        </button>
      );
    }
    const view = render(
      <ExtProvider ext={ext}>
        <Counter version={1} />
      </ExtProvider>,
    );
    await waitFor(() => screen.getByTestId('counter').textContent === '5');
    act(() => screen.getByTestId('counter').click());
    await waitFor(async () => (await ext!.view.state.get())?.value);
    await waitFor(() => r.host.calls.filter((c) => c.method === 'setViewState').length === 2);
    expect(await ext.view.state.get()).toEqual({ version: 1, value: { n: 6 } });
    view.unmount();
    render(
      <ExtProvider ext={ext}>
        <Counter version={2} />
      </ExtProvider>,
    );
    await waitFor(() => screen.getByTestId('counter').textContent === '60');
  });

  it('useViewState writes one at a time, in order, and only the latest of a burst', async () => {
    // A slow store (a server): every write waits until released.
    const stored: unknown[] = [];
    const releases: (() => void)[] = [];
    const r = await connected({
      viewState: {
        get: () => Promise.resolve(undefined),
        set: (_key, state) =>
          new Promise<void>((resolve) =>
            releases.push(() => {
              stored.push(state?.value);
              resolve();
            }),
          ),
      },
    });
    ext = r.ext;
    function Field() {
      const [value, set, { ready }] = useViewState<string>('');
      return (
        <input data-testid="field" data-ready={String(ready)} value={value} onChange={(e) => set(e.target.value)} />
      );
    }
    render(
      <ExtProvider ext={ext}>
        <Field />
      </ExtProvider>,
    );
    await waitFor(() => screen.getByTestId('field').dataset['ready'] === 'true');
    const field = screen.getByTestId<HTMLInputElement>('field');
    for (const text of ['a', 'ab', 'abc', 'abcd']) fireEvent.change(field, { target: { value: text } });
    expect(field.value).toBe('abcd');
    await waitFor(() => releases.length === 1);
    releases.shift()!(); // 'a' lands; only the latest of the rest follows
    await waitFor(() => releases.length === 1);
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(releases).toEqual([]);
    expect(stored).toEqual(['a', 'abcd']);
  });
});
