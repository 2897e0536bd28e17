// The interpreter of the generated validators (generated/validators.ts): a few hundred bytes that
// replace zod in the SDK. Each node is what scripts/generate-validators.mjs read from a zod schema
// of @extsys/protocol; refinements run the protocol's own predicates (`CHECKS`). Returns the first
// problem as "field.path: reason", or undefined when the value is valid. The value is not copied:
// what is accepted is exactly what the schema accepts (test/validators.test.ts), and a strict
// object schema has no keys to strip.
import { CHECKS, tokenValueProblem, type CheckName } from '@extsys/protocol/bridge';

export type Check = readonly [name: CheckName, message: string, ...args: unknown[]];
export interface Bounds {
  min?: number;
  max?: number;
  c?: readonly Check[];
}
export type Node =
  | ({ t: 's'; re?: readonly (readonly [RegExp, string])[] } & Bounds)
  | ({ t: 'n'; int?: 1; ge?: number; le?: number; gt?: number; lt?: number } & Bounds)
  | ({ t: 'b' } & Bounds)
  | { t: 'v'; v: readonly unknown[] }
  | ({ t: 'o'; p: Record<string, Node> } & Bounds)
  | { t: '?'; i: Node }
  | ({ t: 'a'; i: Node } & Bounds)
  | ({ t: 'u'; o: readonly Node[] } & Bounds)
  | ({ t: 'r'; k: Node; v: Node } & Bounds)
  | { t: 'p'; i: readonly Node[] }
  | ({ t: 'x' } & Bounds);

type Path = PropertyKey[];
interface Problem {
  p: Path;
  r: string;
}

const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null;

/** zod's record input rule: a plain object (any realm), or one without a prototype. */
function isPlainObject(o: unknown): o is Record<PropertyKey, unknown> {
  if (!isObject(o) || Array.isArray(o)) return false;
  const ctor = (o as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = (ctor as { prototype?: unknown }).prototype;
  return isObject(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

function run(node: Node, v: unknown, p: Path): Problem | undefined {
  const no = (r: string, at: Path = p): Problem => ({ p: at, r });
  const expected = (what: string) => no(v === undefined ? 'is required' : `must be ${what}`);
  const unit = node.t === 's' ? 'characters' : 'items';
  switch (node.t) {
    case 's':
      if (typeof v !== 'string') return expected('a string');
      break;
    case 'n':
      if (typeof v !== 'number' || !Number.isFinite(v)) return expected('a number');
      if (node.int && !Number.isSafeInteger(v)) return no('must be an integer');
      if (node.ge !== undefined && v < node.ge) return no(`must be >= ${node.ge}`);
      if (node.gt !== undefined && v <= node.gt) return no(`must be > ${node.gt}`);
      if (node.le !== undefined && v > node.le) return no(`must be <= ${node.le}`);
      if (node.lt !== undefined && v >= node.lt) return no(`must be < ${node.lt}`);
      break;
    case 'b':
      if (typeof v !== 'boolean') return expected('a boolean');
      break;
    case 'v':
      return node.v.includes(v) ? undefined : expected(`one of ${node.v.map((x) => JSON.stringify(x)).join(', ')}`);
    case '?':
      return v === undefined ? undefined : run(node.i, v, p);
    case 'o':
      if (!isObject(v) || Array.isArray(v)) return expected('an object');
      for (const key in node.p) {
        const problem = run(node.p[key]!, v[key], [...p, key]);
        if (problem) return problem;
      }
      for (const key in v)
        if (!Object.prototype.hasOwnProperty.call(node.p, key)) return no('is not a known field', [...p, key]);
      break;
    case 'a':
      if (!Array.isArray(v)) return expected('an array');
      for (let i = 0; i < v.length; i++) {
        const problem = run(node.i, v[i], [...p, i]);
        if (problem) return problem;
      }
      break;
    case 'u': {
      let best: Problem | undefined;
      for (const option of node.o) {
        const problem = run(option, v, p);
        if (!problem) {
          best = undefined;
          break;
        }
        // The option that got furthest into the value says the most useful thing.
        if (!best || problem.p.length > best.p.length) best = problem;
      }
      if (best) return best;
      break;
    }
    case 'r':
      if (!isPlainObject(v)) return expected('an object');
      for (const key of Reflect.ownKeys(v)) {
        if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(v, key)) continue;
        const bad = run(node.k, key, []);
        if (bad) return no(`has an invalid key ${JSON.stringify(String(key))}: ${bad.r}`);
        const problem = run(node.v, v[key], [...p, key]);
        if (problem) return problem;
      }
      break;
    case 'p':
      for (const stage of node.i) {
        const problem = run(stage, v, p);
        if (problem) return problem;
      }
      return undefined;
  }
  const { min, max, c } = node;
  // Only strings and arrays carry length bounds (their type was checked above).
  if (min !== undefined && (v as string).length < min) return no(`must have at least ${min} ${unit}`);
  if (max !== undefined && (v as string).length > max) return no(`must have at most ${max} ${unit}`);
  if (node.t === 's') for (const [re, message] of node.re ?? []) if (!re.test(v as string)) return no(message);
  for (const [name, message, ...args] of c ?? []) {
    if (!(CHECKS[name] as (value: unknown, ...rest: unknown[]) => boolean)(v, ...args)) {
      return no((name === 'tokenValue' && tokenValueProblem(args[0] as never, v as string)) || message);
    }
  }
  return undefined;
}

/** `tokens.color-bg`, `headers["content type"]`, `details.issues[2]`. */
function formatPath(path: Path, label: string): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || label;
}

/** The first problem of `value` against `node` ("field: reason"), or undefined when it is valid. */
export function problemOf(node: Node, value: unknown, label = 'value'): string | undefined {
  const problem = run(node, value, []);
  return problem && `${formatPath(problem.p, label)}: ${problem.r}`;
}
