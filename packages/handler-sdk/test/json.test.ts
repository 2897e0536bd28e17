// Request.json<T>() / parseJson<T>() in a real asc-built module (fixtures/src/json.ts): a bad body
// is a 400 in the system's error envelope, never a trap, and a good one parses to what was sent.
import { ErrorResponse } from '@extsys/protocol/errors';
import { describe, expect, it } from 'vitest';
import { LEVELS, TestHost, fixtureModule, request } from './host.js';

const REQUEST_ID = 'req_01HZX3'; // host.ts's request()
const post = (path: string, body: string) =>
  new TestHost().call(
    fixtureModule('json'),
    request({ method: 'POST', path, headers: { 'content-type': 'application/json' } }),
    body,
  );
const nest = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

const NOTE_DEFAULTS = {
  title: '',
  tags: [] as string[],
  stars: 0,
  ratio: 0,
  done: false,
  views: 0,
  level: 0,
  author: { name: '', karma: 0 },
  subtitle: null as string | null,
  rank: null as number | null,
  created_by: '',
  coauthors: [] as { name: string; karma: number }[],
  extra: 0 as unknown,
};

function expectRefused(path: string, body: string, message: string) {
  const res = post(path, body);
  expect({ path, body: body.slice(0, 80), status: res.status }).toEqual({ path, body: body.slice(0, 80), status: 400 });
  const answer: unknown = JSON.parse(res.text);
  expect(answer).toEqual({
    error: { code: 'validation_failed', message, retriable: false, status: 400, requestId: REQUEST_ID },
  });
  expect(ErrorResponse.safeParse(answer).success).toBe(true);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
}

describe('Request.json<T>(): bodies a client gets a 400 for', () => {
  it.each([
    ['', 'the body is empty'],
    [' \n\t ', 'the body is empty'],
    ['{"title": ', 'the body is not valid JSON'],
    ['{"title":"x",}', 'the body is not valid JSON'],
    ["{'title':'x'}", 'the body is not valid JSON'],
    ['{"title":"x"} trailing', 'the body is not valid JSON'],
    ['{"title":"x"}{}', 'the body is not valid JSON'],
    ['{"title":"\\x"}', 'the body is not valid JSON'],
    ['{"title":"tab\there"}', 'the body is not valid JSON'],
    ['NaN', 'the body is not valid JSON'],
    ['{"stars":01}', 'the body is not valid JSON'],
    ['\u00ff\u00fe', 'the body is not valid JSON'],
  ])('malformed %j', (body, message) => expectRefused('/note', body, message));

  it('invalid UTF-8 outside strings is not JSON; inside a string it is U+FFFD (like TextDecoder)', () => {
    const host = new TestHost();
    const bad = host.call(fixtureModule('json'), request({ method: 'POST', path: '/note' }), new Uint8Array([0xff]));
    expect(JSON.parse(bad.text)).toMatchObject({ error: { message: 'the body is not valid JSON' } });
    const inString = new Uint8Array([
      ...new TextEncoder().encode('{"title":"a'),
      0xff,
      ...new TextEncoder().encode('"}'),
    ]);
    const ok = host.call(fixtureModule('json'), request({ method: 'POST', path: '/note' }), inString);
    expect(JSON.parse(ok.text)).toMatchObject({ title: 'a\ufffd' });
  });

  it.each([
    ['[]', 'the body must be an object, not an array'],
    ['[{"title":"x"}]', 'the body must be an object, not an array'],
    ['"note"', 'the body must be an object, not a string'],
    ['42', 'the body must be an object, not a number'],
    ['true', 'the body must be an object, not a boolean'],
    ['null', 'the body must be an object, not null'],
  ])('wrong top-level kind %j', (body, message) => expectRefused('/note', body, message));

  it.each([
    ['{"title":1}', 'title must be a string, not a number'],
    ['{"title":null}', 'title must be a string, not null'],
    ['{"title":["a"]}', 'title must be a string, not an array'],
    ['{"tags":"a"}', 'tags must be an array, not a string'],
    ['{"tags":null}', 'tags must be an array, not null'],
    ['{"tags":["a",2]}', 'tags[1] must be a string, not a number'],
    ['{"tags":[null]}', 'tags[0] must be a string, not null'],
    ['{"stars":"5"}', 'stars must be an integer, not a string'],
    ['{"stars":true}', 'stars must be an integer, not a boolean'],
    ['{"stars":1.5}', 'stars must be an integer from -2147483648 to 2147483647 (no fraction or exponent)'],
    ['{"stars":1e2}', 'stars must be an integer from -2147483648 to 2147483647 (no fraction or exponent)'],
    ['{"stars":2147483648}', 'stars must be an integer from -2147483648 to 2147483647'],
    ['{"stars":-2147483649}', 'stars must be an integer from -2147483648 to 2147483647'],
    ['{"level":256}', 'level must be an integer from 0 to 255'],
    ['{"level":-1}', 'level must be an integer from 0 to 255'],
    ['{"views":9223372036854775808}', 'views must be an integer from -9223372036854775808 to 9223372036854775807'],
    [
      '{"views":123456789012345678901234567890}',
      'views must be an integer from -9223372036854775808 to 9223372036854775807',
    ],
    ['{"ratio":"0.5"}', 'ratio must be a number, not a string'],
    ['{"ratio":1e400}', 'ratio is out of range'],
    ['{"done":"yes"}', 'done must be true or false, not a string'],
    ['{"done":1}', 'done must be true or false, not a number'],
    ['{"author":[]}', 'author must be an object, not an array'],
    ['{"author":null}', 'author must be an object, not null'],
    ['{"author":{"karma":"x"}}', 'author.karma must be an integer, not a string'],
    ['{"subtitle":5}', 'subtitle must be a string or null, not a number'],
    ['{"rank":"1"}', 'rank must be an integer, not a string'],
    ['{"created_by":5}', 'created_by must be a string, not a number'],
    ['{"coauthors":[{"name":"a"},{"name":7}]}', 'coauthors[1].name must be a string, not a number'],
    ['{"coauthors":[{"name":"a"},"b"]}', 'coauthors[1] must be an object, not a string'],
    // json-as 1.6.0 only fills a JSON.Value / JSON.Raw field from an object (anything else was dropped).
    ['{"extra":[1]}', 'extra must be an object, not an array'],
  ])('a field of the wrong shape %j', (body, message) => expectRefused('/note', body, `the body: ${message}`));

  it('names a long key shortened, and the first problem only', () => {
    expectRefused(
      '/labels',
      `{"${'k'.repeat(100)}":1,"b":2}`,
      `the body: ${'k'.repeat(40)}… must be a string, not a number`,
    );
  });

  it.each([
    ['/notes', '{}', 'the body must be an array, not an object'],
    ['/notes', '[{}, 1]', 'the body: [1] must be an object, not a number'],
    ['/notes', '[{"tags":[{}]}]', 'the body: [0].tags[0] must be a string, not an object'],
    ['/tags', '[1]', 'the body: [0] must be a string, not a number'],
    ['/ids', '[1, 2.5]', 'the body: [1] must be an integer from -2147483648 to 2147483647 (no fraction or exponent)'],
    ['/matrix', '[[1],[2,"x"]]', 'the body: [1][1] must be an integer, not a string'],
    ['/matrix', '[1]', 'the body: [0] must be an array, not a number'],
    ['/labels', '[]', 'the body must be an object, not an array'],
    ['/labels', '{"a":"b","c":1}', 'the body: c must be a string, not a number'],
    ['/scores', '{"x":1}', 'the body must have integer keys from -2147483648 to 2147483647'],
    ['/scores', '{"1":"x"}', 'the body: 1 must be a number, not a string'],
    ['/obj', '[]', 'the body must be an object, not an array'],
    ['/text', '1', 'the body must be a string, not a number'],
    ['/count', '"1"', 'the body must be an integer, not a string'],
    ['/count', '1.0', 'the body must be an integer from -2147483648 to 2147483647 (no fraction or exponent)'],
    ['/ratio', 'null', 'the body must be a number, not null'],
    ['/ratio', '-1e999', 'the body is out of range'],
    ['/flag', '1', 'the body must be true or false, not a number'],
    ['/flag', '"true"', 'the body must be true or false, not a string'],
    ['/maybe-note', '[]', 'the body must be an object or null, not an array'],
    ['/derived', '{"id":1}', 'the body: id must be a string, not a number'], // a field of the @json base class
    ['/derived', '{"size":"x"}', 'the body: size must be an integer, not a string'],
    ['/any', 'nul', 'the body is not valid JSON'],
    ['/any', '[1e400]', 'the body has a number out of range'],
    ['/note', '{"unknown":[1e400]}', 'the body has a number out of range'],
  ])('%s refuses %j', (path, body, message) => expectRefused(path, body, message));

  it('refuses nesting deeper than 64 levels (or the route’s limit) without recursing', () => {
    expect(post('/any', nest(64)).status).toBe(200);
    expectRefused('/any', nest(65), 'the body nests arrays and objects deeper than 64 levels');
    expectRefused('/note', `{"unknown":${nest(64)}}`, 'the body nests arrays and objects deeper than 64 levels');
    expectRefused('/any', '['.repeat(200_000), 'the body nests arrays and objects deeper than 64 levels');
    expectRefused('/any', '{"a":'.repeat(100_000), 'the body nests arrays and objects deeper than 64 levels');
    // Brackets inside strings are text.
    expect(JSON.parse(post('/any', `["${'['.repeat(1000)}"]`).text)).toEqual(['['.repeat(1000)]);
    expect(JSON.parse(post('/shallow', nest(3)).text)).toEqual([[[1]]]);
    expectRefused('/shallow', nest(4), 'the body nests arrays and objects deeper than 3 levels');
  });

  it('parseJson names the text it was given; req.error carries the request id', () => {
    const res = post('/upstream', '[]');
    expect(res.status).toBe(502);
    expect(JSON.parse(res.text)).toEqual({
      error: {
        code: 'bad_gateway',
        message: 'the upstream answer must be an object, not an array',
        retriable: true,
        status: 502,
        requestId: REQUEST_ID,
      },
    });
    expect(JSON.parse(post('/upstream', '{"name":"up"}').text)).toEqual({ name: 'up', karma: 0 });
  });

  it('reading value of a failed parse aborts with the reason (a programming error, not a client one)', () => {
    const host = new TestHost();
    expect(() => host.call(fixtureModule('json'), request({ method: 'POST', path: '/misuse' }), '[]')).toThrow(
      WebAssembly.RuntimeError,
    );
    expect(host.logs).toEqual([
      {
        level: LEVELS.error,
        message: expect.stringMatching(
          /^abort: JsonResult\.value read after a failed parse: the body must be an object, not an array/,
        ) as unknown,
      },
    ]);
  });

  it('what it guards against: json-as alone traps on, or misreads, a well-formed body of the wrong shape', () => {
    expect(() => post('/unsafe', '[]')).toThrow(WebAssembly.RuntimeError);
    expect(() => post('/unsafe', '{"tags":[1,2]}')).toThrow(WebAssembly.RuntimeError);
    expect(JSON.parse(post('/unsafe', '{"stars":1.5}').text)).toMatchObject({ stars: 85 });
    expect(JSON.parse(post('/unsafe', '{"title":"x"}').text)).toMatchObject({ title: 'x' });
  });
});

describe('Request.json<T>(): good bodies', () => {
  it('parses every field kind of a @json class', () => {
    const sent = {
      title: '"quoted" \\ ünï 😀 </script>\n',
      tags: ['a', '', 'b'],
      stars: -2147483648,
      ratio: -1.25e-3,
      done: true,
      views: 9007199254740991,
      level: 255,
      author: { name: 'Ada', karma: 3 },
      subtitle: 'sub',
      rank: 4,
      created_by: 'me',
      coauthors: [{ name: 'Grace', karma: -1 }],
      extra: { k: [1, null, 'x'] },
    };
    const res = post('/note', JSON.stringify(sent));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual(sent);
  });

  it('keeps defaults for absent fields, skips unknown keys, reads null where nullable, takes any whitespace', () => {
    expect(JSON.parse(post('/note', '{}').text)).toEqual(NOTE_DEFAULTS);
    const pretty = JSON.stringify(
      { title: 't', unknown: { deep: [[1, { x: '}' }]] }, subtitle: null, rank: null },
      null,
      2,
    );
    expect(JSON.parse(post('/note', `\n${pretty}\n`).text)).toEqual({ ...NOTE_DEFAULTS, title: 't' });
    expect(JSON.parse(post('/note', '{"createdBy":"ignored","created_by":"used"}').text)).toMatchObject({
      created_by: 'used',
    });
    expect(JSON.parse(post('/note', '{"title":"a","title":"b"}').text)).toMatchObject({ title: 'b' });
    // A key spelled with escapes is not the field's name to json-as either: skipped, unchecked.
    expect(JSON.parse(post('/note', '{"\\u0074itle":1}').text)).toEqual(NOTE_DEFAULTS);
    expect(JSON.parse(post('/maybe-note', 'null').text)).toBeNull();
    expect(JSON.parse(post('/derived', '{"id":"d","size":2}').text)).toEqual({ id: 'd', size: 2 });
  });

  it('reads strings that end in a backslash anywhere (json-as 1.6.0 ran past them in nested values)', () => {
    const sent = {
      title: 'C:\\',
      tags: ['a\\', '\\\\', '\\"'],
      author: { name: '\\', karma: 1 },
      coauthors: [
        { name: 'x\\', karma: 2 },
        { name: '"\\', karma: 3 },
      ],
      extra: { path: 'D:\\' },
    };
    expect(JSON.parse(post('/note', JSON.stringify(sent)).text)).toEqual({ ...NOTE_DEFAULTS, ...sent });
    const many = [{ title: 'C:\\' }, { tags: ['\\'] }, { author: { name: 'a\\' } }];
    expect(JSON.parse(post('/notes', JSON.stringify(many)).text)).toEqual([
      { ...NOTE_DEFAULTS, title: 'C:\\' },
      { ...NOTE_DEFAULTS, tags: ['\\'] },
      { ...NOTE_DEFAULTS, author: { name: 'a\\', karma: 0 } },
    ]);
  });

  it('parses a large body (the checks allocate as they go: the collector runs meanwhile)', () => {
    const notes = Array.from({ length: 3000 }, (_, i) => ({
      ...NOTE_DEFAULTS,
      title: `note ${i} ${'x'.repeat(i % 50)}`,
      tags: [`t${i}`, 'C:\\'],
      ratio: i / 7,
      author: { name: `a${i}`, karma: i },
      coauthors: [{ name: 'c', karma: 1 - i }],
    }));
    const res = new TestHost({ maxPages: 1024 }).call(
      fixtureModule('json'),
      request({ method: 'POST', path: '/notes' }),
      JSON.stringify(notes.map(({ extra: _, ...sent }) => sent)), // `extra` (JSON.Value) takes only objects
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual(notes);
  });

  it.each([
    ['/tags', '["a","\\u00e9","😀"]', ['a', 'é', '😀']],
    ['/ids', '[1,-2,2147483647]', [1, -2, 2147483647]],
    ['/matrix', '[[1,2],[],[3]]', [[1, 2], [], [3]]],
    ['/labels', '{"a":"b","c":""}', { a: 'b', c: '' }],
    ['/scores', '{"1":1.5,"-2":3}', { '1': 1.5, '-2': 3 }],
    ['/any', '[1,"x",{"y":null},true]', [1, 'x', { y: null }, true]],
    ['/any', '"just a string"', 'just a string'],
    ['/any', '-0.5', -0.5],
    ['/obj', '{"a":[1,{"b":null}]}', { a: [1, { b: null }] }],
    ['/text', '"héllo \\"😀\\""', 'héllo "😀"'],
    ['/count', ' -7 \n', -7],
    ['/ratio', '1e-3', 0.001],
    ['/flag', 'false', false],
  ])('%s parses %j', (path, body, expected) => {
    const res = post(path, body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual(expected);
  });
});

describe('Request.json<T>() under random input', () => {
  // A deterministic generator (mulberry32): documents near the Note shape, with tricky strings,
  // numbers at the edges of their types, random whitespace and random structure.
  function generator(seed: number) {
    let s = seed;
    const rnd = () => {
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
    const ws = () => (rnd() < 0.3 ? pick([' ', '\n  ', '\t', '\r\n']) : '');
    const strings = [
      '',
      'a',
      'héllo',
      '😀',
      '"q"',
      '\\',
      'C:\\',
      '\\\\',
      '\\"',
      '{',
      ']',
      '</script>',
      'x'.repeat(200),
    ];
    const numbers = ['0', '-0', '1', '-1', '1.5', '1e3', '1E-2', '2147483647', '2147483648', '255', '256', '1e400'];
    const keys = [
      'title',
      'tags',
      'stars',
      'ratio',
      'done',
      'author',
      'subtitle',
      'rank',
      'coauthors',
      'extra',
      'name',
    ];
    const scalar = (): string => {
      const k = rnd();
      if (k < 0.35) return JSON.stringify(pick(strings));
      if (k < 0.65) return pick(numbers);
      if (k < 0.85) return pick(['true', 'false']);
      return 'null';
    };
    const value = (depth: number): string => {
      const k = rnd();
      if (depth > 3 || k < 0.5) return scalar();
      const n = Math.floor(rnd() * 4);
      if (k < 0.75)
        return `[${ws()}${Array.from({ length: n }, () => value(depth + 1)).join(`${ws()},${ws()}`)}${ws()}]`;
      const members = Array.from(
        { length: n },
        () => `${JSON.stringify(pick(keys))}${ws()}:${ws()}${value(depth + 1)}`,
      );
      return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
    };
    const author = () => `{"name":${JSON.stringify(pick(strings))},"karma":${pick(['0', '-3', '2147483647'])}}`;
    const note = (): string => {
      const parts: string[] = [];
      if (rnd() < 0.7) parts.push(`"title":${JSON.stringify(pick(strings))}`);
      if (rnd() < 0.5)
        parts.push(`"tags":[${Array.from({ length: 3 }, () => JSON.stringify(pick(strings))).join(',')}]`);
      if (rnd() < 0.5) parts.push(`"stars":${pick(['0', '-3', '2147483647', '-2147483648'])}`);
      if (rnd() < 0.4) parts.push(`"ratio":${pick(['0.5', '-1e3', '2', '1E-7'])}`);
      if (rnd() < 0.4) parts.push(`"author":${author()}`);
      if (rnd() < 0.4) parts.push(`"subtitle":${pick(['null', '"s"', '"\\\\"'])}`);
      if (rnd() < 0.4) parts.push(`"rank":${pick(['null', '7'])}`);
      if (rnd() < 0.4) parts.push(`"coauthors":[${author()},${author()}]`);
      if (rnd() < 0.3) parts.push(`"extra":{"k":${value(1)}}`);
      if (rnd() < 0.4) parts.push(`"unknown":${value(0)}`);
      if (rnd() < 0.2) parts.push(`${JSON.stringify(pick(keys))}:${value(0)}`); // often the wrong shape
      return `{${ws()}${parts.join(`${ws()},${ws()}`)}${ws()}}`;
    };
    return { rnd, pick, value, note, ws };
  }

  /** What json-as gives for a Note the checks accepted: the defaults, overwritten by the known keys sent. */
  function noteOf(sent: Record<string, unknown>): unknown {
    const out: Record<string, unknown> = structuredClone(NOTE_DEFAULTS);
    for (const key of Object.keys(NOTE_DEFAULTS)) {
      if (!(key in sent)) continue;
      const v = sent[key];
      if (key === 'author') out[key] = { ...NOTE_DEFAULTS.author, ...pickKeys(v, ['name', 'karma']) };
      else if (key === 'coauthors')
        out[key] = (v as unknown[]).map((a) => ({ ...NOTE_DEFAULTS.author, ...pickKeys(a, ['name', 'karma']) }));
      else out[key] = v;
    }
    return out;
  }
  const pickKeys = (v: unknown, keys: string[]) =>
    Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => keys.includes(k)));
  const same = (v: unknown) =>
    JSON.parse(
      JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x)),
    ) as unknown;

  const ROUTES: Record<string, ((sent: unknown) => unknown) | null> = {
    '/note': (sent) => noteOf(sent as Record<string, unknown>),
    '/notes': (sent) => (sent as Record<string, unknown>[]).map(noteOf),
    '/tags': (sent) => sent,
    '/ids': (sent) => sent,
    '/matrix': (sent) => sent,
    '/labels': (sent) => sent,
    '/any': (sent) => sent,
    '/obj': (sent) => sent,
    '/text': (sent) => sent,
    '/count': (sent) => sent,
    '/flag': (sent) => sent,
    '/scores': null,
    '/ratio': null,
    '/maybe-note': null,
    '/derived': null,
  };

  it('never traps; a 200 gives back exactly what was sent, a 400 is the error envelope', () => {
    const { rnd, pick, value, note, ws } = generator(20240601);
    const module = fixtureModule('json');
    const host = new TestHost();
    const outcomes = { accepted: 0, refused: 0 };
    for (let i = 0; i < 2500; i++) {
      const path = pick(Object.keys(ROUTES));
      let body = value(0);
      if (path === '/note' && rnd() < 0.7) body = note();
      if (path === '/notes' && rnd() < 0.7) body = `[${note()},${note()}]`;
      body = ws() + body + ws();
      const res = host.call(module, request({ method: 'POST', path }), body);
      const answer: unknown = JSON.parse(res.text);
      if (res.status === 400) {
        outcomes.refused++;
        expect(ErrorResponse.safeParse(answer).success).toBe(true);
        continue;
      }
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 200 });
      outcomes.accepted++;
      const expected = ROUTES[path];
      if (expected)
        expect({ path, body, got: same(answer) }).toEqual({ path, body, got: same(expected(JSON.parse(body))) });
    }
    expect(outcomes.accepted).toBeGreaterThan(400);
    expect(outcomes.refused).toBeGreaterThan(400);
    expect(host.logs).toEqual([]);
  });
});
