// @vitest-environment jsdom
// The host page's router: which extension a URL opens (and on which of its own paths), and the
// navigation guards a dirty extension frame holds host navigation with.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addNavigationGuard,
  currentLocation,
  customerHref,
  extensionHref,
  matchCustomersRoute,
  matchExtensionRoute,
  navigate,
} from '../host-app/src/router.js';

describe('matchExtensionRoute', () => {
  it('splits /ext/{id}/{path} and keeps the query with the path', () => {
    expect(matchExtensionRoute('/ext/com.example.records/records/11?tab=notes')).toEqual({
      extensionId: 'com.example.records',
      path: '/records/11?tab=notes',
    });
  });

  it('opens the extension on / without a path, or with only a query', () => {
    expect(matchExtensionRoute('/ext/com.example.hello')).toEqual({ extensionId: 'com.example.hello', path: '/' });
    expect(matchExtensionRoute('/ext/com.example.hello/')).toEqual({ extensionId: 'com.example.hello', path: '/' });
    expect(matchExtensionRoute('/ext/com.example.hello?x=1')).toEqual({
      extensionId: 'com.example.hello',
      path: '/?x=1',
    });
  });

  it('is not an extension route otherwise', () => {
    expect(matchExtensionRoute('/')).toBeUndefined();
    expect(matchExtensionRoute('/admin')).toBeUndefined();
    expect(matchExtensionRoute('/ext/')).toBeUndefined();
    expect(matchExtensionRoute('/ext/%E0%A4%A')).toBeUndefined();
  });

  it('round-trips with extensionHref', () => {
    const href = extensionHref('com.example.records', '/records?page=2');
    expect(href).toBe('/ext/com.example.records/records?page=2');
    expect(matchExtensionRoute(href)).toEqual({ extensionId: 'com.example.records', path: '/records?page=2' });
  });
});

describe('matchCustomersRoute', () => {
  it('matches the list and one customer, and round-trips with customerHref', () => {
    expect(matchCustomersRoute('/customers')).toEqual({});
    expect(matchCustomersRoute('/customers/')).toEqual({});
    expect(matchCustomersRoute(customerHref('cus-002'))).toEqual({ id: 'cus-002' });
    expect(matchCustomersRoute('/customers/cus-002?tab=x')).toEqual({ id: 'cus-002' });
    expect(matchCustomersRoute('/customersx')).toBeUndefined();
    expect(matchCustomersRoute('/customers/a/b')).toBeUndefined();
    expect(matchCustomersRoute('/customers/%E0%A4%A')).toBeUndefined();
  });
});

describe('navigation guards', () => {
  const removers: (() => void)[] = [];
  const guard = (answer: boolean | (() => Promise<boolean>)) => {
    const fn = vi.fn(typeof answer === 'function' ? answer : () => Promise.resolve(answer));
    removers.push(addNavigationGuard(fn));
    return fn;
  };
  afterEach(async () => {
    for (const remove of removers.splice(0)) remove();
    await navigate('/', { replace: true });
  });

  /** Resolves after the popstate events jsdom fires for history.go (a task each). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('moves at once without a guard', async () => {
    expect(await navigate('/customers')).toBe(true);
    expect(currentLocation()).toBe('/customers');
    expect(window.location.pathname).toBe('/customers');
  });

  it('stays when a guard refuses, and moves when it allows', async () => {
    let answer = false;
    const asked = guard(() => Promise.resolve(answer));
    expect(await navigate('/customers/cus-001')).toBe(false);
    expect(currentLocation()).toBe('/');
    expect(window.location.pathname).toBe('/');
    answer = true;
    expect(await navigate('/customers/cus-001')).toBe(true);
    expect(currentLocation()).toBe('/customers/cus-001');
    expect(asked).toHaveBeenCalledTimes(2);
  });

  it('asks guards one after the other, stops at the first refusal, and treats a failure as a refusal', async () => {
    const order: string[] = [];
    guard(async () => {
      order.push('first');
      return false;
    });
    const second = guard(true);
    expect(await navigate('/admin')).toBe(false);
    expect(order).toEqual(['first']);
    expect(second).not.toHaveBeenCalled();
    for (const remove of removers.splice(0)) remove();
    guard(() => Promise.reject(new Error('frame gone')));
    expect(await navigate('/admin')).toBe(false);
    expect(currentLocation()).toBe('/');
  });

  it('is not asked once removed, nor for a move that keeps the frame (guarded: false)', async () => {
    const asked = guard(false);
    expect(await navigate('/ext/com.example.records/records/2', { guarded: false })).toBe(true);
    expect(asked).not.toHaveBeenCalled();
    removers.pop()!();
    expect(await navigate('/admin')).toBe(true);
    expect(asked).not.toHaveBeenCalled();
  });

  it('refuses a second navigation while the guards are still answering the first', async () => {
    let release!: (allowed: boolean) => void;
    guard(() => new Promise<boolean>((resolve) => (release = resolve)));
    const first = navigate('/customers');
    await Promise.resolve();
    expect(await navigate('/admin')).toBe(false);
    release(true);
    expect(await first).toBe(true);
    expect(currentLocation()).toBe('/customers');
  });

  it('holds the back button: the page keeps showing its entry until the guards allow the move', async () => {
    await navigate('/customers');
    await navigate('/customers/cus-003');
    let answer = false;
    const asked = guard(() => Promise.resolve(answer));
    window.history.back();
    await settle();
    expect(asked).toHaveBeenCalledTimes(1);
    expect(currentLocation()).toBe('/customers/cus-003');
    expect(window.location.pathname).toBe('/customers/cus-003');
    answer = true;
    window.history.back();
    await settle();
    expect(asked).toHaveBeenCalledTimes(2);
    expect(currentLocation()).toBe('/customers');
    expect(window.location.pathname).toBe('/customers');
  });

  it('follows the back button at once without a guard', async () => {
    await navigate('/customers');
    await navigate('/admin');
    window.history.back();
    await settle();
    expect(currentLocation()).toBe('/customers');
  });
});
