import { afterEach, describe, expect, it } from 'vitest';
import type { Ext } from '../src/index.js';
import { connected } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => ext?.destroy());

describe('host services', () => {
  it('calls the granted ones and records them in the mock host', async () => {
    const r = await connected({ confirm: (q) => q.tone !== 'danger' });
    ext = r.ext;
    await ext.host.toast('Saved');
    await ext.host.toast({ message: 'Careful', tone: 'warning', durationMs: 2000 });
    expect(await ext.host.confirm({ title: 'Delete?', message: 'Really?', tone: 'danger' })).toBe(false);
    expect(await ext.host.confirm({ title: 'Go?', message: 'Sure?' })).toBe(true);
    await ext.host.openLink('https://docs.example.com/x');
    await ext.host.setTitle('Invoices');
    expect(r.host.toasts).toEqual([
      { message: 'Saved', tone: 'info' },
      { message: 'Careful', tone: 'warning', durationMs: 2000 },
    ]);
    expect(r.host.confirms).toHaveLength(2);
    expect(r.host.links).toEqual(['https://docs.example.com/x']);
    expect(r.host.titles).toEqual(['Invoices']);
    expect(r.host.refused).toEqual([]);
  });

  it('rejects a feature the host did not grant with feature_not_granted, without a round trip', async () => {
    const r = await connected({ hostFeatures: ['toast'] });
    ext = r.ext;
    expect(ext.host.supports('toast')).toBe(true);
    expect(ext.host.supports('confirm')).toBe(false);
    const callsBefore = r.host.calls.length;
    await expect(ext.host.confirm({ title: 't', message: 'm' })).rejects.toMatchObject({
      code: 'feature_not_granted',
      status: 403,
    });
    await expect(ext.host.openLink('https://x.test')).rejects.toMatchObject({ code: 'feature_not_granted' });
    await expect(ext.host.setTitle('x')).rejects.toMatchObject({ code: 'feature_not_granted' });
    await expect(ext.navigation.go('/x')).rejects.toMatchObject({ code: 'feature_not_granted' });
    expect(r.host.calls.length).toBe(callsBefore);
    expect(r.host.refused).toEqual([]);
  });

  it('invalid arguments are answered with the host validation error (the mock validates like a real host)', async () => {
    const r = await connected();
    ext = r.ext;
    await expect(ext.host.toast('x'.repeat(501))).rejects.toMatchObject({ code: 'message_rejected' });
    expect(r.host.refused[0]?.error.message).toMatch(/^message: must have at most 500 characters/);
  });
});

describe('navigation', () => {
  it('go() asks the host and updates current; host navigations reach onChange', async () => {
    const r = await connected({ initialPath: '/home' });
    ext = r.ext;
    const seen: string[] = [];
    ext.navigation.onChange((p) => seen.push(p));
    await ext.navigation.go('/records/42?tab=notes', { replace: true });
    expect(ext.navigation.current).toBe('/records/42?tab=notes');
    expect(r.host.navigations).toEqual([{ path: '/records/42?tab=notes', replace: true }]);
    await r.host.navigate('/settings');
    expect(seen).toEqual(['/settings']);
    expect(ext.navigation.current).toBe('/settings');
    await expect(ext.navigation.go('/../x')).rejects.toMatchObject({ code: 'path_invalid' });
  });
});

describe('confirm deadline', () => {
  it('waits for the person longer than the call default, and can be cancelled', async () => {
    let answer: (v: boolean) => void = () => undefined;
    const r = await connected({
      callTimeoutMs: 30,
      confirm: () => new Promise<boolean>((resolve) => (answer = resolve)),
    });
    ext = r.ext;
    const asked = ext.host.confirm({ title: 'Delete?', message: 'This cannot be undone' });
    await new Promise((resolve) => setTimeout(resolve, 80)); // well past callTimeoutMs
    answer(true);
    await expect(asked).resolves.toBe(true);
    const controller = new AbortController();
    const cancelled = ext.host.confirm({ title: 'Again?', message: 'm' }, { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('token request bounds', () => {
  it('clamps minTtlMs to what the protocol allows', async () => {
    const r = await connected();
    ext = r.ext;
    await ext.auth.getToken({ forceRefresh: true, minTtlMs: 5 * 60 * 60 * 1000 });
    await ext.auth.getToken({ minTtlMs: 24 * 60 * 60 * 1000 });
    expect(r.host.tokenRequests).toEqual([
      { reason: 'forced', minTtlMs: 3_600_000 },
      { reason: 'expiring', minTtlMs: 3_600_000 },
    ]);
    expect(r.host.refused).toEqual([]);
  });
});
