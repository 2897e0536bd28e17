import { describe, expect, it } from 'vitest';
import { matchEndpoint, parseQuery } from '../src/index.js';

const endpoints = [
  { method: 'GET', path: '/', handler: 'root' },
  { method: 'GET', path: '/notes/:id', handler: 'getNote' },
  { method: 'GET', path: '/notes/new', handler: 'newNote' },
  { method: 'DELETE', path: '/notes/:id', handler: 'deleteNote' },
  { method: 'GET', path: '/notes/:id/tags/:tag', handler: 'getTag' },
];

describe('matchEndpoint', () => {
  it('routes a concrete path to its pattern with decoded params', () => {
    expect(matchEndpoint(endpoints, 'DELETE', '/notes/1')).toEqual({ endpoint: endpoints[3], params: { id: '1' } });
    expect(matchEndpoint(endpoints, 'GET', '/notes/a%20b/tags/x')).toEqual({
      endpoint: endpoints[4],
      params: { id: 'a b', tag: 'x' },
    });
    expect(matchEndpoint(endpoints, 'GET', '/')?.endpoint.handler).toBe('root');
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matchEndpoint(endpoints, 'GET', '/notes/new')?.endpoint.handler).toBe('newNote');
  });

  it('matches nothing for another method, another length, an empty segment or a bad escape', () => {
    expect(matchEndpoint(endpoints, 'POST', '/notes/1')).toBeUndefined();
    expect(matchEndpoint(endpoints, 'GET', '/notes')).toBeUndefined();
    expect(matchEndpoint(endpoints, 'GET', '/notes/')).toBeUndefined();
    expect(matchEndpoint(endpoints, 'GET', '/notes/%E0%A4%A')).toBeUndefined();
    expect(matchEndpoint(endpoints, 'GET', '/Notes/1')).toBeUndefined();
  });
});

describe('parseQuery', () => {
  it('keeps every value of every name in order, and makes no prototype setter of a name', () => {
    expect(parseQuery('a=1&a=2&b=&c=x%20y')).toEqual({ a: ['1', '2'], b: [''], c: ['x y'] });
    const hostile = parseQuery('__proto__=x&constructor=y');
    expect(Object.keys(hostile)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
    expect(parseQuery('')).toEqual({});
  });
});
