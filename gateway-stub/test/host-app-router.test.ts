// The host page's route parsing: which extension a URL opens, and on which of its own paths.
import { describe, expect, it } from 'vitest';
import { extensionHref, matchExtensionRoute } from '../host-app/src/router.js';

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
