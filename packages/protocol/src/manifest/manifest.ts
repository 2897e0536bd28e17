import * as z from 'zod/mini';
import { ExtensionId, SemVer } from '../primitives/ids.js';
import { HttpMethod } from '../primitives/http.js';
import { BundlePath } from '../primitives/bundle-path.js';
import { Origin } from '../primitives/paths.js';
import { EndpointPath } from './endpoint-path.js';
import { HANDLER_NAME_MAX_LENGTH, HANDLER_NAME_PATTERN, HANDLER_NAME_RULE, routeKey } from './endpoint-pattern.js';
import { boundedText, uniqueList } from '../primitives/schema-builders.js';
import { Capability } from './capabilities.js';
import { ManifestUi } from './ui.js';

/**
 * The runtimes the runner can execute: `wasm@1` = a core wasm module speaking runner ABI v1;
 * `js@1` = one self-contained ES module run by a JavaScript engine compiled to wasm
 * (`docs/abi/js-abi-v1.md`), with the same host calls, grants and quotas.
 */
export const RUNTIMES = ['wasm@1', 'js@1'] as const;

/** The file kind each runtime's `api.module` names. */
export const MODULE_EXTENSIONS = { 'wasm@1': '.wasm', 'js@1': '.js' } as const;

/** A handler name: what the module's router dispatches on (`getItem`, `items.list`). */
const HandlerName = z
  .string()
  .check(z.maxLength(HANDLER_NAME_MAX_LENGTH), z.regex(HANDLER_NAME_PATTERN, HANDLER_NAME_RULE));

export const ManifestEndpoint = z.strictObject({
  method: HttpMethod.check(z.describe('The HTTP method of the endpoint: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.')),
  path: EndpointPath.check(
    z.describe(
      "The path pattern below the extension's API base, such as `/items` or `/items/:id`: `/` or segments of URL-safe characters, where `:name` matches one non-empty segment and becomes a route parameter; at most 512 characters. Two endpoints may not share a method and a path that differ only in parameter names.",
    ),
  ),
  handler: HandlerName.check(
    z.describe(
      "The name the handler module's router dispatches on, such as `listItems` or `items.list`: a letter or `_`, then letters, digits, `_`, `.` or `-`; at most 128 characters.",
    ),
  ),
  timeoutMs: z
    .optional(z.int().check(z.gte(10), z.lte(60_000)))
    .check(
      z.describe(
        'The deadline of this endpoint in milliseconds, from 10 to 60000. The gateway and the runner use the smallest of this and their own caps; without it their caps apply.',
      ),
    ),
});
export type ManifestEndpoint = z.infer<typeof ManifestEndpoint>;

export const ManifestApi = z.strictObject({
  module: BundlePath.check(
    z.refine((path) => path.endsWith('.wasm') || path.endsWith('.js'), 'must name a .wasm or a .js file'),
    z.describe(
      'The handler module inside the bundle: a `.wasm` file for the `wasm@1` runtime (such as `handler/handler.wasm`) or a `.js` file for `js@1` (such as `handler/handler.js`).',
    ),
  ),
  endpoints: z.array(ManifestEndpoint).check(
    z.minLength(1),
    z.maxLength(200),
    z.refine(
      (endpoints) => new Set(endpoints.map(routeKey)).size === endpoints.length,
      'must not declare the same method and path twice',
    ),
    z.describe(
      'The HTTP endpoints the handler answers, from 1 to 200; the gateway forwards only calls that match one of them.',
    ),
  ),
});

/**
 * Manifest v2: `manifest.json` at the root of every bundle. Strict: an unknown key anywhere is an
 * error naming that key, so a typo never silently disables a setting.
 */
export const Manifest = z
  .strictObject({
    manifestVersion: z.literal(2).check(z.describe('The manifest format version: always `2`.')),
    name: ExtensionId.check(
      z.describe(
        'The extension id, in every URL and token: a lower-case reverse-domain name such as `com.acme.hello`, at most 128 characters.',
      ),
    ),
    displayName: z
      .optional(boundedText(80))
      .check(
        z.describe(
          'The title hosts show for the extension, up to 80 characters without control characters; without it hosts show `name`.',
        ),
      ),
    description: z
      .optional(boundedText(500))
      .check(z.describe('What the extension does, in up to 500 characters without control characters.')),
    publisher: boundedText(100).check(
      z.describe('Who publishes the extension, in up to 100 characters without control characters.'),
    ),
    version: SemVer.check(
      z.describe(
        'The version of this bundle, a strict semantic version such as `1.2.3`; a published version never changes.',
      ),
    ),
    runtime: z
      .enum(RUNTIMES)
      .check(
        z.describe(
          'How the runner executes the handler module: `wasm@1`, a core WebAssembly module speaking runner ABI v1, or `js@1`, one self-contained ES module run by a JavaScript engine compiled to WebAssembly, with the same host calls, grants and quotas.',
        ),
      ),
    capabilities: z
      ._default(uniqueList(Capability, 16), [])
      .check(
        z.describe(
          'Runner capabilities the handler asks for, each at most once, from `log`, `storage.kv`, `secrets.read`, `http.fetch` and `user.read`. An install grants a subset and the runner allows only what both list. Default none.',
        ),
      ),
    api: z
      .optional(ManifestApi)
      .check(z.describe('The handler module and its HTTP endpoints; a manifest declares `api`, `ui` or both.')),
    ui: z
      .optional(ManifestUi)
      .check(z.describe('The page the host shows in a frame; a manifest declares `api`, `ui` or both.')),
    http: z
      .optional(
        z.strictObject({
          allow: uniqueList(Origin, 64).check(
            z.describe(
              'Origins the handler may fetch, such as `https://api.example.com` or `https://api.example.com:8443`: scheme, host and optional port, no path and no wildcards; at most 64, each once. An install may allow fewer.',
            ),
          ),
        }),
      )
      .check(z.describe('Outbound HTTP of the handler; only meaningful with the `http.fetch` capability.')),
    assets: z
      .optional(uniqueList(BundlePath, 1000))
      .check(
        z.describe(
          'Extra files the bundle must carry besides the UI folder and the handler module: relative paths inside the bundle, at most 1000, each once.',
        ),
      ),
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
