// The three surfaces of one bundle against the SDK's mock host: the panel beside a host customer
// (its subject, a new one without a remount, a record linked through the modal), the modal that
// returns the picked record, and the record form's draft kept as view state with the dirty flag.
import { connect } from '@extsys/ext-sdk';
import { ExtProvider } from '@extsys/ext-sdk/react';
import { createMockHost, type MockHostOptions } from '@extsys/ext-sdk/testing';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Surface } from '../src/Surface.js';
import { fakeHandler } from './fake-handler.js';

const ada = { type: 'customer', id: 'cus-001', title: 'Ada Lovelace' };
const grace = { type: 'customer', id: 'cus-002', title: 'Grace Hopper' };

function mount(options: MockHostOptions = {}, handler = fakeHandler()) {
  const host = createMockHost({
    extensionId: 'com.example.records',
    apiTransport: 'bridge',
    api: handler.api,
    hostFeatures: ['navigate', 'confirm', 'toast', 'modal'],
    ...options,
  });
  const view = render(
    <ExtProvider ext={connect({ transport: host.transport })}>
      <Surface />
    </ExtProvider>,
  );
  return { host, handler, view };
}

afterEach(cleanup);

const linkedIds = () => screen.queryAllByTestId('panel-link').map((li) => li.dataset['recordId']);

describe('the customer panel', () => {
  it('links the record the modal returns to the host’s customer, and follows a new selection', async () => {
    const { host, handler } = mount({
      entry: { target: 'panel', id: 'customer-records', subject: ada },
      modals: () => ({ dismissed: false, value: { id: 42, name: 'Record 42' } }),
    });
    await screen.findByTestId('panel-empty');
    expect(screen.getByTestId('panel-subject').textContent).toBe('Ada Lovelace');

    await userEvent.click(screen.getByTestId('panel-link-record'));
    await waitFor(() => expect(linkedIds()).toEqual(['42']));
    expect(host.modals).toEqual([
      { entryPoint: 'pick-record', size: 'medium', title: 'Link a record to Ada Lovelace', context: { exclude: [] } },
    ]);
    expect(handler.links.get('cus-001')).toEqual([42]);

    await act(() => host.setSubject(grace));
    await waitFor(() => expect(screen.getByTestId('panel-subject').textContent).toBe('Grace Hopper'));
    await screen.findByTestId('panel-empty');
    expect(screen.getByTestId('customer-panel').dataset['customerId']).toBe('cus-002');
  });

  it('links nothing when the user dismisses the modal', async () => {
    const { host, handler } = mount({ entry: { target: 'panel', id: 'customer-records', subject: ada } });
    await screen.findByTestId('panel-empty');
    await userEvent.click(screen.getByTestId('panel-link-record'));
    await waitFor(() => expect(host.modals).toHaveLength(1));
    expect(handler.links.has('cus-001')).toBe(false);
    expect(host.apiRequests.filter((r) => r.method === 'PUT')).toEqual([]);
  });
});

describe('the pick-record modal', () => {
  it('closes with the picked record, and offers no record already linked', async () => {
    const { host } = mount({ entry: { target: 'modal', id: 'pick-record', input: { exclude: [2] }, depth: 1 } });
    const options = await screen.findAllByTestId('pick-option');
    expect(options.find((o) => o.dataset['recordId'] === '2')).toHaveProperty('disabled', true);
    await userEvent.click(options.find((o) => o.dataset['recordId'] === '3')!);
    await waitFor(() => expect(host.closed).toBe(true));
    expect(host.closedWith).toEqual({ id: 3, name: 'Record 3' });
  });

  it('closes with nothing on Cancel', async () => {
    const { host } = mount({ entry: { target: 'modal', id: 'pick-record', depth: 1 } });
    await userEvent.click(await screen.findByTestId('pick-cancel'));
    await waitFor(() => expect(host.closed).toBe(true));
    expect(host.closedWith).toBeUndefined();
  });
});

describe('the record form’s draft', () => {
  it('is kept as view state for its route, marks the page dirty, and is restored after a reload', async () => {
    const first = mount({ initialPath: '/records/5' });
    const name = await screen.findByTestId('record-name');
    await waitFor(() => expect(name).toHaveProperty('value', 'Record 5'));
    expect(first.host.dirty).toBe(false);
    await userEvent.clear(name);
    await userEvent.type(name, 'Draft');
    await waitFor(() => expect(first.host.dirty).toBe(true));
    const key = {
      extensionId: 'com.example.records',
      installId: first.host.context!.extension.installId,
      entryPoint: 'main',
      route: '/records/5',
    };
    await waitFor(async () => expect((await first.host.viewState.get(key))?.value).toMatchObject({ name: 'Draft' }));

    // Another mount over the same store (the frame reloaded): the draft comes back.
    first.view.unmount();
    mount({ initialPath: '/records/5', viewState: first.host.viewState }, first.handler);
    await waitFor(() => expect(screen.getByTestId('record-name')).toHaveProperty('value', 'Draft'));
    expect(screen.getByTestId('record-draft').textContent).toMatch(/Unsaved changes/);
  });

  it('is cleared, and the page clean, once saved', async () => {
    const { host } = mount({ initialPath: '/records/6' });
    const name = await screen.findByTestId('record-name');
    await waitFor(() => expect(name).toHaveProperty('value', 'Record 6'));
    await userEvent.type(name, ' saved');
    await waitFor(() => expect(host.dirty).toBe(true));
    await userEvent.click(screen.getByTestId('record-save'));
    await waitFor(() => expect(host.toasts).toHaveLength(1));
    await waitFor(() => expect(host.dirty).toBe(false));
    expect(screen.queryByTestId('record-draft')).toBeNull();
  });
});
