// The entry points of a manifest's `ui`: where a host may show the extension's pages.
import * as z from 'zod/mini';
import {
  DEFAULT_ENTRY_POINT_ID,
  EntryPointId,
  EntryTarget,
  type EntryTarget as Target,
} from '../bridge/entry-points.js';
import { RoutePath } from '../bridge/handshake.js';
import { boundedText } from '../primitives/schema-builders.js';

export const MAX_ENTRY_POINTS = 32;

export const ManifestEntryPoint = z.strictObject({
  id: EntryPointId.check(
    z.describe(
      "The entry point's id, unique in the manifest: a lower-case letter, then up to 39 lower-case letters, digits or `-`, such as `main` or `record-panel`. Pages name it in `openModal` and hosts in their mounts.",
    ),
  ),
  target: EntryTarget.check(
    z.describe(
      "Where the host shows it: `page`, a page of its own in the host's navigation; `panel`, beside host content, receiving the host object it is shown for (and a new one when the selection changes); `modal`, a dialog only the extension's own code opens with `openModal`.",
    ),
  ),
  path: z
    ._default(RoutePath, '/')
    .check(
      z.describe(
        'The path inside the UI folder the frame opens, such as `/panel` (a client-side route, served by the UI entry page) or `/modal.html` (a page of its own); default `/`.',
      ),
    ),
  label: boundedText(60).check(
    z.describe('What the host shows for it (a menu item, a panel heading, a dialog title), up to 60 characters.'),
  ),
  initialHeight: z
    .optional(z.int().check(z.gte(0), z.lte(4000)))
    .check(
      z.describe("The frame's height in pixels before the page reports its own; default the UI's `initialHeight`."),
    ),
});
export type ManifestEntryPoint = z.infer<typeof ManifestEntryPoint>;

export const ManifestEntryPoints = z.array(ManifestEntryPoint).check(
  z.minLength(1),
  z.maxLength(MAX_ENTRY_POINTS),
  z.refine((points) => new Set(points.map((p) => p.id)).size === points.length, 'must not use the same id twice'),
  z.describe(
    `Where hosts may show the UI, from 1 to ${MAX_ENTRY_POINTS} entry points, each with its own id, target, path, label and height. Without it the UI is one page, \`${DEFAULT_ENTRY_POINT_ID}\`, at \`/\`.`,
  ),
);

/** An entry point with every default filled in. */
export interface EntryPoint {
  id: string;
  target: Target;
  path: string;
  label: string;
  initialHeight: number;
}

/** The `ui` fields entry points depend on (a host may hold only these). */
export interface EntryPointSource {
  initialHeight: number;
  entryPoints?:
    | readonly { id: string; target: Target; path: string; label: string; initialHeight?: number | undefined }[]
    | undefined;
}

/**
 * The entry points of a `ui`, defaults filled in: the declared ones, or for a manifest that
 * declares none the single page `main` at `/`, labelled `title` (the extension's display name).
 */
export function entryPointsOf(ui: EntryPointSource, title: string): EntryPoint[] {
  const declared = ui.entryPoints ?? [{ id: DEFAULT_ENTRY_POINT_ID, target: 'page' as const, path: '/', label: title }];
  return declared.map((point) => ({
    id: point.id,
    target: point.target,
    path: point.path,
    label: point.label,
    initialHeight: point.initialHeight ?? ui.initialHeight,
  }));
}
