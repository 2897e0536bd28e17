import * as z from 'zod/mini';
import { ExtensionId, SemVer } from '../primitives/ids.js';
import { HttpMethod } from '../primitives/http.js';
import { BundlePath } from '../primitives/bundle-path.js';
import { Origin } from '../primitives/paths.js';
import { EndpointPath } from './endpoint-path.js';
import { HANDLER_NAME_MAX_LENGTH, HANDLER_NAME_PATTERN, HANDLER_NAME_RULE, routeKey } from './endpoint-pattern.js';
import { HostFeature } from '../bridge/features.js';
import { boundedText, uniqueList } from '../primitives/schema-builders.js';
import { Capability, SandboxFeature } from './capabilities.js';

/**
 * The runtimes the runner can execute: `wasm@1` = a core wasm module speaking runner ABI v1;
 * `js@1` = one self-contained ES module run by a JavaScript engine compiled to wasm (the runner's
 * `abi/js-abi-v1.md`), with the same host calls, grants and quotas.
 */
export const RUNTIMES = ['wasm@1', 'js@1'] as const;

/** The file kind each runtime's `api.module` names. */
export const MODULE_EXTENSIONS = { 'wasm@1': '.wasm', 'js@1': '.js' } as const;

/** A handler name: what the module's router dispatches on (`getItem`, `items.list`). */
const HandlerName = z
  .string()
  .check(z.maxLength(HANDLER_NAME_MAX_LENGTH), z.regex(HANDLER_NAME_PATTERN, HANDLER_NAME_RULE));

export const ManifestEndpoint = z.strictObject({
  method: HttpMethod,
  path: EndpointPath,
  handler: HandlerName,
  /** Per-endpoint deadline; the gateway and runner use the smaller of this and their own caps. */
  timeoutMs: z.optional(z.int().check(z.gte(10), z.lte(60_000))),
});
export type ManifestEndpoint = z.infer<typeof ManifestEndpoint>;

export const ManifestApi = z.strictObject({
  /** The handler module inside the bundle: `handler/handler.wasm` (wasm@1) or `handler/handler.js` (js@1). */
  module: BundlePath.check(
    z.refine((path) => path.endsWith('.wasm') || path.endsWith('.js'), 'must name a .wasm or a .js file'),
  ),
  endpoints: z.array(ManifestEndpoint).check(
    z.minLength(1),
    z.maxLength(200),
    z.refine(
      (endpoints) => new Set(endpoints.map(routeKey)).size === endpoints.length,
      'must not declare the same method and path twice',
    ),
  ),
});

export const ManifestUi = z.strictObject({
  type: z.literal('iframe'),
  /** The HTML entry inside the bundle, e.g. `ui/index.html`; extension-less routes fall back to it. */
  entry: BundlePath.check(
    z.refine((path) => /\.html?$/.test(path), 'must name an .html file'),
    // The entry's folder is the UI folder: the runner serves that folder and nothing else.
    z.refine((path) => path.includes('/'), 'must be inside the UI folder, such as "ui/index.html"'),
  ),
  /** Height the host reserves before the page reports its own, so the layout does not jump. */
  initialHeight: z._default(z.int().check(z.gte(0), z.lte(4000)), 320),
  sandbox: z._default(uniqueList(SandboxFeature, 4), []),
  hostFeatures: z._default(uniqueList(HostFeature, 8), []),
});
export type ManifestUi = z.infer<typeof ManifestUi>;

/**
 * Manifest v2: `manifest.json` at the root of every bundle. Strict: an unknown key anywhere is an
 * error naming that key, so a typo never silently disables a setting.
 */
export const Manifest = z
  .strictObject({
    manifestVersion: z.literal(2),
    name: ExtensionId,
    displayName: z.optional(boundedText(80)),
    description: z.optional(boundedText(500)),
    publisher: boundedText(100),
    version: SemVer,
    runtime: z.enum(RUNTIMES),
    capabilities: z._default(uniqueList(Capability, 16), []),
    api: z.optional(ManifestApi),
    ui: z.optional(ManifestUi),
    http: z.optional(z.strictObject({ allow: uniqueList(Origin, 64) })),
    /** Extra files the bundle must carry besides the UI and the module (relative paths). */
    assets: z.optional(uniqueList(BundlePath, 1000)),
  })
  .check(
    z.refine((m) => m.api !== undefined || m.ui !== undefined, {
      error: 'must declare an "api", a "ui" or both',
    }),
    z.refine((m) => !m.api || m.api.module.endsWith(MODULE_EXTENSIONS[m.runtime]), {
      error: (issue) => {
        const m = issue.input as { runtime: keyof typeof MODULE_EXTENSIONS };
        return `a ${m.runtime} handler module must be a ${MODULE_EXTENSIONS[m.runtime]} file`;
      },
      path: ['api', 'module'],
    }),
    z.refine((m) => !m.http || m.capabilities.includes('http.fetch'), {
      error: 'http.allow is only meaningful with the "http.fetch" capability; add it to capabilities',
      path: ['http'],
    }),
  );
export type Manifest = z.infer<typeof Manifest>;
/** The manifest as an author writes it, before defaults are filled in. */
export type ManifestInput = z.input<typeof Manifest>;

/** The title a host gives an extension's iframe and menu entry. */
export function manifestTitle(manifest: Pick<Manifest, 'name' | 'displayName'>): string {
  return manifest.displayName ?? manifest.name;
}
