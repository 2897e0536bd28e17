// The `ui` section of a manifest in a module of its own: hosts validate it (the host bridge, the
// React host) without shipping the rest of the manifest schema and its descriptions.
import * as z from 'zod/mini';
import { BundlePath } from '../primitives/bundle-path.js';
import { uniqueList } from '../primitives/schema-builders.js';
import { HostFeature } from '../bridge/features.js';
import { SandboxFeature } from './capabilities.js';
import { ManifestEntryPoints } from './entry-points.js';

export const ManifestUi = z.strictObject({
  type: z
    .literal('iframe')
    .check(z.describe('How the UI is shown: always `iframe`, a sandboxed frame in the host page.')),
  entry: BundlePath.check(
    z.refine((path) => /\.html?$/.test(path), 'must name an .html file'),
    // The entry's folder is the UI folder: the runner serves that folder and nothing else.
    z.refine((path) => path.includes('/'), 'must be inside the UI folder, such as "ui/index.html"'),
    z.describe(
      'The HTML page of the UI inside the bundle, such as `ui/index.html`: an `.html` file inside a folder, which is the UI folder the runner serves. Paths without a file extension fall back to it, for client-side routes.',
    ),
  ),
  initialHeight: z
    ._default(z.int().check(z.gte(0), z.lte(4000)), 320)
    .check(
      z.describe(
        'The height in pixels the host reserves for the frame before the page reports its own, so the layout does not jump; from 0 to 4000, default 320.',
      ),
    ),
  sandbox: z
    ._default(uniqueList(SandboxFeature, 4), [])
    .check(
      z.describe(
        "Sandbox permissions the page asks for beyond running scripts, each at most once, from `forms`, `popups`, `downloads` and `modals`; the host's policy decides which it grants. Default none.",
      ),
    ),
  hostFeatures: z
    ._default(uniqueList(HostFeature, 8), [])
    .check(
      z.describe(
        "Host features the page asks for, each at most once, from `toast`, `confirm`, `navigate`, `openLink`, `setTitle` and `modal` (opening its `modal` entry points); the host's policy decides which it grants. Default none.",
      ),
    ),
  entryPoints: z.optional(ManifestEntryPoints),
});
export type ManifestUi = z.infer<typeof ManifestUi>;
