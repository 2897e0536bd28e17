import * as z from 'zod/mini';
import { boundedText } from '../primitives/schema-builders.js';
import { ENTRY_DATA_LIMITS } from './entry-limits.js';
import { jsonValue } from './json-value.js';

export { ENTRY_DATA_LIMITS };
export { UNMOUNT_REASONS, type UnmountReason } from './entry-limits.js';

/**
 * Where a host can show an extension page (protocol 1.2):
 * - `page`: a page of its own in the host's navigation;
 * - `panel`: beside host content, receiving the host object it is shown for (`subject`) and a
 *   new one whenever the host's selection changes;
 * - `modal`: a dialog another page of the same extension opens with `openModal`, which returns
 *   the value the modal closes with.
 */
export const ENTRY_TARGETS = ['page', 'panel', 'modal'] as const;
export const EntryTarget = z.enum(ENTRY_TARGETS);
export type EntryTarget = z.infer<typeof EntryTarget>;

/** The id the manifest gives an entry point (`main`, `record-panel`); the id of the implicit one is `main`. */
export const EntryPointId = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lower-case id such as "main" or "record-panel"'));
export type EntryPointId = z.infer<typeof EntryPointId>;

/** What a manifest without `ui.entryPoints` has: one page, at the UI's root. */
export const DEFAULT_ENTRY_POINT_ID = 'main';

/** The host object a panel is shown for, e.g. the record the user selected. */
export const HostSubject = z.strictObject({
  /** The kind of object in the host's own words: `customer`, `ticket`. */
  type: z.string().check(z.regex(/^[a-z][a-z0-9._-]{0,39}$/, 'must be a lower-case type name such as "customer"')),
  id: boundedText(200),
  title: z.optional(boundedText(200)),
  /** Whatever else the host chooses to share about it. */
  data: z.optional(jsonValue(ENTRY_DATA_LIMITS.subjectDataBytes)),
});
export type HostSubject = z.infer<typeof HostSubject>;

/** The entry point a page was mounted as, and what its target passes (one schema per target). */
export const TARGET_CONTEXTS = {
  page: z.strictObject({ target: z.literal('page'), id: EntryPointId }),
  panel: z.strictObject({ target: z.literal('panel'), id: EntryPointId, subject: HostSubject }),
  modal: z.strictObject({
    target: z.literal('modal'),
    id: EntryPointId,
    /** The `context` the opener passed to `openModal`. */
    input: z.optional(jsonValue(ENTRY_DATA_LIMITS.modalDataBytes)),
    /** 1 for a modal opened by a page or panel, 2 for one opened by a modal, and so on. */
    depth: z.int().check(z.gte(1), z.lte(8)),
  }),
} as const;
export const EntryContext = z.discriminatedUnion('target', [
  TARGET_CONTEXTS.page,
  TARGET_CONTEXTS.panel,
  TARGET_CONTEXTS.modal,
]);
export type EntryContext = z.infer<typeof EntryContext>;
/** The entry context of one target: `EntryContextOf<'panel'>` has `subject`. */
export type EntryContextOf<T extends EntryTarget> = Extract<EntryContext, { target: T }>;

export const MODAL_SIZES = ['small', 'medium', 'large', 'fullscreen'] as const;
export const ModalSize = z.enum(MODAL_SIZES);
export type ModalSize = z.infer<typeof ModalSize>;

/**
 * A page's view state as the host keeps it, per install × entry point × user (× route when the
 * page asks): the author's JSON and the author's version of its shape, so a new extension version
 * can migrate or drop what an older one stored.
 */
export const ViewState = z.strictObject({
  version: z.int().check(z.gte(0), z.lte(2 ** 31 - 1)),
  value: jsonValue(ENTRY_DATA_LIMITS.viewStateBytes),
});
export type ViewState = z.infer<typeof ViewState>;
