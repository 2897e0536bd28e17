// @vitest-environment node
// The generated validators (src/generated/validators.ts, read by src/validate.ts) against the zod
// schemas they were generated from: on a corpus of valid messages and of every single-point
// mutation of them (wrong types, missing and unknown keys, `__proto__` / `constructor` keys,
// oversize and control-character strings, non-finite and fractional numbers, hostile CSS, paths
// and origins), each validator must accept exactly what its schema accepts.
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  EXTENSION_METHODS,
  ErrorEnvelope,
  MountFragment,
  bridgeResult,
  errorEnvelope,
  resolveTheme,
} from '@extsys/protocol';
import { HOST_METHODS, type HostMethodName } from '@extsys/protocol/host-methods';
import { hostContext, NONCE, TOKEN } from '../../protocol/test/fixtures.js';
import { ERROR_ENVELOPE, MOUNT_FRAGMENT, PARAMS, RESULTS } from '../src/generated/validators.js';
import { problemOf, type Node } from '../src/validate.js';
// @ts-expect-error -- a plain .mjs build script without types
import { generate } from '../scripts/generate-validators.mjs';

const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(300),
  'x'.repeat(9000),
  'a\u0000b',
  'line\nbreak',
  '__proto__',
  'constructor',
  '../../etc',
  '/a/%2e%2e/b',
  '/a/%2f',
  '//evil.example',
  '/a\\b',
  '/a#frag',
  '/%E0%A4%A',
  'null',
  '*',
  'https://evil.example/path',
  'https://user:pw@evil.example',
  'javascript:alert(1)',
  'https://*.example.com',
  'url(https://evil.example/x.png)',
  'expression(alert(1))',
  '#fff}body{display:none',
  '#fff /* c */',
  'var(--host-secret)',
  '#fff !important',
  '\\75 rl(x)',
  '<script>',
  'red',
  '#ggg',
  'rgb(1,2)',
  '1.0',
  '1',
  '01.0',
  'light',
  'sepia',
  'sha256:xyz',
  'tok',
];
const HOSTILE_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  NaN,
  Infinity,
  2 ** 60,
  100,
  599,
  600,
  '',
  'x'.repeat(5000),
  [],
  ['a', 'a'],
  {},
  new Uint8Array(4),
  new Uint8Array(1024 * 1024 + 1),
  new Date(0),
  Object.create(null) as object,
];

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Every value reachable in `value`, with its path. */
function* leaves(value: unknown, path: (string | number)[] = []): Generator<[(string | number)[], unknown]> {
  yield [path, value];
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* leaves(value[i], [...path, i]);
  else if (isPlain(value)) for (const key of Object.keys(value)) yield* leaves(value[key], [...path, key]);
}

const clone = <T>(value: T): T => structuredClone(value);
function setAt(root: unknown, path: (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(root);
  const copy = clone(root) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const next = replace(target[last]);
  if (next === DELETE) delete target[last];
  else Object.defineProperty(target, last, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}
const DELETE = Symbol('delete');

/** The valid value and its single-point mutations. */
function* corpus(valid: unknown): Generator<unknown> {
  yield valid;
  for (const [path, leaf] of leaves(valid)) {
    for (const value of HOSTILE_VALUES) yield setAt(valid, path, () => value);
    if (path.length > 0) yield setAt(valid, path, () => DELETE);
    if (typeof leaf === 'string') {
      for (const s of HOSTILE_STRINGS) yield setAt(valid, path, () => s);
      yield setAt(valid, path, (old) => `${String(old)}\u0007`);
      yield setAt(valid, path, (old) => `${String(old)}x`);
      yield setAt(valid, path, (old) => String(old).slice(1));
    }
    if (typeof leaf === 'number') for (const d of [-1, 1, 0.5]) yield setAt(valid, path, (old) => (old as number) + d);
    if (Array.isArray(leaf)) {
      yield setAt(valid, path, (old) => [...(old as unknown[]), (old as unknown[])[0]]);
      yield setAt(valid, path, (old) => [...(old as unknown[]), 'unknown-item']);
    }
    if (isPlain(leaf)) {
      yield setAt(valid, path, (old) => ({ ...(old as object), unknownKey: 1 }));
      yield setAt(valid, path, (old) => ({ ...(old as object), constructor: 'x' }));
      yield setAt(valid, path, (old) => ({ ...(old as object), prototype: {} }));
      // An own "__proto__" key, as JSON.parse and structured clone produce it.
      yield setAt(valid, path, (old) => {
        const out = { ...(old as object) };
        Object.defineProperty(out, '__proto__', { value: { admin: true }, enumerable: true });
        return out;
      });
      yield setAt(
        valid,
        path,
        (old) =>
          JSON.parse(JSON.stringify({ ...(old as object), x: 1 }).replace('{', '{"__proto__":{"a":1},')) as unknown,
      );
      yield setAt(valid, path, (old) => Object.assign(Object.create(null) as object, old));
      yield setAt(valid, path, (old) =>
        Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, 'v']).concat(Object.entries(old as object))),
      );
    }
  }
}

const context = hostContext();
const envelope = errorEnvelope('timeout', 'the host did not answer in time', {
  requestId: 'req-1',
  details: { issues: ['a: is required', 'b'], limit: 3, retry: true, none: null },
});
const failure = { ok: false, error: envelope };
const VALID_RESULTS: Record<HostMethodName, unknown[]> = {
  hello: [{ ok: true, value: context }, failure],
  requestToken: [{ ok: true, value: { token: TOKEN, ttlMs: 60_000 } }, failure],
  navigate: [{ ok: true, value: null }, failure],
  resize: [{ ok: true, value: null }],
  toast: [{ ok: true, value: null }],
  confirm: [{ ok: true, value: { confirmed: false } }, failure],
  openLink: [{ ok: true, value: null }],
  setTitle: [{ ok: true, value: null }],
  apiRequest: [
    {
      ok: true,
      value: {
        status: 201,
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([1, 2]),
        requestId: 'r-1',
      },
    },
    failure,
  ],
  apiCancel: [{ ok: true, value: null }],
  openModal: [
    { ok: true, value: { dismissed: false, value: { picked: [1, 'two', null, true] } } },
    { ok: true, value: { dismissed: true } },
    failure,
  ],
  closeView: [{ ok: true, value: null }, failure],
  getViewState: [
    { ok: true, value: { version: 3, value: { tab: 'notes', open: [1, 2] } } },
    { ok: true, value: null },
  ],
  setViewState: [{ ok: true, value: null }, failure],
  setDirty: [{ ok: true, value: null }],
};
const VALID_PARAMS: Record<keyof typeof EXTENSION_METHODS, unknown[]> = {
  themeChanged: [resolveTheme('high-contrast'), resolveTheme('light', { 'shadow-md': '0 1px 2px rgb(0 0 0 / 0.2)' })],
  tokenChanged: [{ token: TOKEN, ttlMs: 0 }],
  navigate: [{ path: '/records/42?tab=notes' }],
  connectionState: [{ state: 'lost', reason: 'the host reloaded' }, { state: 'connected' }],
  contextChanged: [
    { locale: 'ar-EG', direction: 'rtl', timeZone: 'America/Argentina/Buenos_Aires' },
    { timeZone: 'Etc/GMT+5' },
  ],
  subjectChanged: [
    { subject: { type: 'customer', id: 'c-42', title: 'Ada Lovelace', data: { tier: 'gold', tags: ['a'] } } },
    { subject: { type: 'ticket', id: '7' } },
  ],
  visibilityChanged: [{ visible: false }, { visible: true }],
  beforeUnmount: [
    { reason: 'navigate', timeoutMs: 1000 },
    { reason: 'close', timeoutMs: 0 },
  ],
};

function equivalent(label: string, node: Node, schema: z.ZodMiniType, valids: unknown[]): number {
  let cases = 0;
  for (const valid of valids) {
    expect(schema.safeParse(valid).success, `${label}: the valid sample is valid`).toBe(true);
    for (const input of corpus(valid)) {
      cases++;
      const zodAccepts = schema.safeParse(input).success;
      const problem = problemOf(node, input);
      if (zodAccepts !== (problem === undefined)) {
        throw new Error(
          `${label}: zod ${zodAccepts ? 'accepts' : 'rejects'} but the generated validator ${problem ? `says "${problem}"` : 'accepts'}`,
        );
      }
    }
  }
  return cases;
}

describe('generated validators', () => {
  it('are up to date with the protocol schemas', async () => {
    const { readFile } = await import('node:fs/promises');
    const current = await readFile(new URL('../src/generated/validators.ts', import.meta.url), 'utf8');
    expect(await (generate as () => Promise<string>)(), 'run npm run generate -w @extsys/ext-sdk').toBe(current);
  });

  it.each(Object.keys(VALID_RESULTS) as HostMethodName[])(
    'accept and reject like zod: the %s answer',
    (method) => {
      const cases = equivalent(
        method,
        RESULTS[method],
        bridgeResult(HOST_METHODS[method].result),
        VALID_RESULTS[method],
      );
      expect(cases).toBeGreaterThan(50);
    },
    60_000,
  );

  it.each(Object.keys(VALID_PARAMS) as (keyof typeof EXTENSION_METHODS)[])(
    'accept and reject like zod: the %s call from the host',
    (method) => {
      equivalent(method, PARAMS[method], EXTENSION_METHODS[method].params, VALID_PARAMS[method]);
    },
    60_000,
  );

  it('accept and reject like zod: the mount fragment and a gateway error envelope', () => {
    equivalent('fragment', MOUNT_FRAGMENT, MountFragment, [
      { nonce: NONCE, parentOrigin: 'https://host.example.com:8443', protocol: '1.0', mode: 'dark' },
      { nonce: NONCE, parentOrigin: 'http://[::1]:3000', protocol: '12.34', mode: 'high-contrast' },
    ]);
    equivalent('envelope', ERROR_ENVELOPE, ErrorEnvelope, [
      envelope,
      { code: 'not_found', message: 'x', retriable: false },
    ]);
    // CPU-bound like the tests above (2.6 s alone): the same budget, so a loaded parallel run passes.
  }, 60_000);

  it('say which field is wrong and why', () => {
    const bad = structuredClone({ ok: true, value: context });
    bad.value.theme.tokens['color-bg'] = 'url(https://evil.example/x.png)';
    expect(problemOf(RESULTS.hello, bad)).toBe(
      'value.theme.tokens.color-bg: contains CSS that is not allowed in a token (";", braces, url(), expression(), comments...)',
    );
    expect(problemOf(PARAMS.tokenChanged, { token: TOKEN })).toBe('ttlMs: is required');
    expect(problemOf(PARAMS.navigate, { path: '/a/%2e%2e/b' })).toMatch(/^path: must start with "\/"/);
    expect(problemOf(PARAMS.navigate, { path: '/a', extra: 1 })).toBe('extra: is not a known field');
    expect(
      problemOf(RESULTS.apiRequest, {
        ok: true,
        value: { status: 200, headers: JSON.parse('{"__proto__":"x"}') as unknown, body: new Uint8Array() },
      }),
    ).toMatch(/^value.headers: must not contain the keys "__proto__"/);
    expect(problemOf(MOUNT_FRAGMENT, { nonce: NONCE, parentOrigin: '*', protocol: '1.0', mode: 'dark' })).toMatch(
      /^parentOrigin: must be an http\(s\) origin/,
    );
  });
});
