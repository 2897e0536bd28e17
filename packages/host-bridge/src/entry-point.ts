import type { EntryContext, HostSubject } from '@extsys/protocol/bridge';
import type { EntryPoint } from '@extsys/protocol/manifest';
import { HostBridgeError } from './errors.js';

/** What a mount shows: the manifest's entry point and the context its target passes. */
export interface ResolvedEntry {
  point: EntryPoint;
  entry: EntryContext;
}

const listed = (points: readonly EntryPoint[], target?: EntryPoint['target']) =>
  points
    .filter((p) => target === undefined || p.target === target)
    .map((p) => `"${p.id}" (${p.target})`)
    .join(', ') || 'none';

/** The entry point `id` of a `ui`, or `undefined`; the list is computed once per mount. */
export function findEntryPoint(points: readonly EntryPoint[], id: string): EntryPoint | undefined {
  return points.find((p) => p.id === id);
}

/**
 * The entry point a host mounts (`bootstrapIframe({entryPoint, subject})`): the one named, else
 * the manifest's first page. Only pages and panels are mounted by a host; a modal is opened by
 * the extension's own `openModal`. Throws `validation_failed` naming what the manifest declares.
 */
export function resolveHostEntry(
  points: readonly EntryPoint[],
  id: string | undefined,
  subject: HostSubject | undefined,
): ResolvedEntry {
  const point = id === undefined ? points.find((p) => p.target === 'page') : findEntryPoint(points, id);
  if (!point) {
    throw new HostBridgeError(
      'validation_failed',
      id === undefined
        ? `bootstrapIframe: the manifest declares no page entry point; pass entryPoint, one of ${listed(points)}`
        : `bootstrapIframe: the manifest has no entry point "${id}"; it declares ${listed(points)}`,
    );
  }
  if (point.target === 'modal') {
    throw new HostBridgeError(
      'validation_failed',
      `bootstrapIframe: entry point "${point.id}" is a modal, which only the extension opens (openModal); mount a page or panel: ${listed(points, 'page')}${points.some((p) => p.target === 'panel') ? `, ${listed(points, 'panel')}` : ''}`,
    );
  }
  if (point.target === 'panel') {
    if (subject === undefined) {
      throw new HostBridgeError(
        'validation_failed',
        `bootstrapIframe: entry point "${point.id}" is a panel: pass the host object it is shown for as subject ({type, id})`,
      );
    }
    return { point, entry: { target: 'panel', id: point.id, subject } };
  }
  return { point, entry: { target: 'page', id: point.id } };
}
