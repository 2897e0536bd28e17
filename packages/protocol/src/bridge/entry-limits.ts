// The surfaces' plain constants without zod (the ext SDK checks its data against them without the schemas).

/** Caps of the author's own data on the bridge (bytes of its JSON text). */
export const ENTRY_DATA_LIMITS = {
  /** A panel subject's `data`. */
  subjectDataBytes: 16 * 1024,
  /** A modal's input (`openModal`'s `context`) and its result (`view.close(result)`). */
  modalDataBytes: 64 * 1024,
  /** One view state's `value`. */
  viewStateBytes: 64 * 1024,
} as const;

/** Why the host is about to take a page away (the page may flush its state first). */
export const UNMOUNT_REASONS = ['navigate', 'close', 'unmount'] as const;
export type UnmountReason = (typeof UNMOUNT_REASONS)[number];
