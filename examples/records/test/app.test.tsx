// The records UI against the SDK's mock host: navigation, confirm and toast go through the real
// bridge protocol in-process; the handler is faked.
import { connect } from '@extsys/ext-sdk';
import { ExtProvider } from '@extsys/ext-sdk/react';
import { createMockHost, type MockHostOptions } from '@extsys/ext-sdk/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.js';
import { fakeHandler } from './fake-handler.js';

function mount(options: MockHostOptions = {}) {
  const handler = fakeHandler();
  const host = createMockHost({
    extensionId: 'com.example.records',
    apiTransport: 'bridge',
    api: handler.api,
    hostFeatures: ['navigate', 'confirm', 'toast'],
    ...options,
  });
  render(
    <ExtProvider ext={connect({ transport: host.transport })}>
      <App />
    </ExtProvider>,
  );
  return { host, handler };
}

const rowNames = () => screen.getAllByTestId('records-row').map((row) => row.textContent);

describe('records', () => {
  it('paginates through the handler, reflecting the page in the host URL', async () => {
    const { host } = mount();
    await waitFor(() => expect(rowNames()).toHaveLength(10));
    expect(rowNames()[0]).toBe('Record 1');
    expect(screen.getByTestId('records-page').textContent).toBe('Page 1 of 12');
    expect(screen.getByTestId('records-prev')).toHaveProperty('disabled', true);

    await userEvent.click(screen.getByTestId('records-next'));
    await waitFor(() => expect(rowNames()[0]).toBe('Record 11'));
    expect(screen.getByTestId('records-page').textContent).toBe('Page 2 of 12');
    expect(host.navigations).toEqual([{ path: '/records?page=2', replace: true }]);
    expect(host.apiRequests.map((r) => r.path)).toEqual(['/records?page=1&pageSize=10', '/records?page=2&pageSize=10']);

    await userEvent.click(screen.getByTestId('records-prev'));
    await waitFor(() => expect(rowNames()[0]).toBe('Record 1'));
  });

  it('opens a deep link given by the host as the initial path', async () => {
    mount({ initialPath: '/records/42' });
    await waitFor(() => expect(screen.getByTestId('record-title').textContent).toBe('#42 Record 42'));
  });

  it('opens the detail from a row and comes back to its page', async () => {
    const { host } = mount({ initialPath: '/records?page=3' });
    await waitFor(() => expect(rowNames()[0]).toBe('Record 21'));
    const row = screen.getAllByTestId('records-row').find((r) => r.dataset['recordId'] === '25')!;
    await userEvent.click(row);
    await waitFor(() => expect(screen.getByTestId('record-title').textContent).toBe('#25 Record 25'));
    await userEvent.click(screen.getByTestId('record-back'));
    await waitFor(() => expect(screen.getByTestId('records-page').textContent).toBe('Page 3 of 12'));
    expect(host.navigations.map((n) => n.path)).toEqual(['/records/25', '/records?page=3']);
  });

  it('follows host navigation (back button in the host)', async () => {
    const { host } = mount({ initialPath: '/records/7' });
    await screen.findByText('#7 Record 7');
    await host.navigate('/records?page=2');
    await waitFor(() => expect(screen.getByTestId('records-page').textContent).toBe('Page 2 of 12'));
  });

  it('saves after the host confirms, then asks the host for a toast', async () => {
    const { host, handler } = mount({ initialPath: '/records/5' });
    const name = await screen.findByTestId('record-name');
    await waitFor(() => expect(name).toHaveProperty('value', 'Record 5'));
    expect(screen.getByTestId('record-save')).toHaveProperty('disabled', true); // nothing changed yet
    await userEvent.clear(name);
    await userEvent.type(name, 'Renamed');
    await userEvent.click(within(screen.getByTestId('record-status')).getByRole('radio', { name: 'paused' }));
    await userEvent.click(screen.getByTestId('record-save'));

    await waitFor(() => expect(host.toasts).toEqual([{ message: 'Saved “Renamed”', tone: 'success' }]));
    expect(host.confirms).toHaveLength(1);
    expect(host.confirms[0]!.title).toBe('Save record #5?');
    expect(handler.records.get(5)).toMatchObject({ name: 'Renamed', status: 'paused', revision: 1 });
    await waitFor(() => expect(screen.getByTestId('record-title').textContent).toBe('#5 Renamed'));
    expect(screen.getByTestId('record-revision').textContent).toBe('Revision 1');
  });

  it('does not save when the user cancels the host confirm', async () => {
    const { host, handler } = mount({ initialPath: '/records/5', confirm: false });
    const name = await screen.findByTestId('record-name');
    await waitFor(() => expect(name).toHaveProperty('value', 'Record 5'));
    await userEvent.type(name, ' changed');
    await userEvent.click(screen.getByTestId('record-save'));
    await waitFor(() => expect(host.confirms).toHaveLength(1));
    expect(host.apiRequests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(host.toasts).toEqual([]);
    expect(handler.records.get(5)!.revision).toBe(0);
  });

  it('shows a save refused by the handler with its code', async () => {
    const { handler } = mount({ initialPath: '/records/9' });
    const name = await screen.findByTestId('record-name');
    await waitFor(() => expect(name).toHaveProperty('value', 'Record 9'));
    handler.records.set(9, { ...handler.records.get(9)!, revision: 4 }); // someone else saved meanwhile
    await userEvent.type(name, '!');
    await userEvent.click(screen.getByTestId('record-save'));
    const alert = await screen.findByTestId('record-save-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('record-save-error-code').textContent).toBe('version_conflict');
  });
});
