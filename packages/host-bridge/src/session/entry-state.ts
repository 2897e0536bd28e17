import { EntryContext, HostSubject } from '@extsys/protocol/bridge';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import { DEFAULT_ENTRY } from './context.js';

/**
 * The mount's entry point and what the host changes of it while the page lives: a panel's
 * subject and the frame's visibility. Both are replayed in every hello (a reloaded page gets the
 * current ones, not the mount's).
 */
export interface EntryState {
  readonly entry: EntryContext;
  readonly visible: boolean;
  /**
   * Validates and keeps a panel's new subject (throws `validation_failed`, also when this mount
   * is not a panel: only a panel is shown for a host object).
   */
  setSubject(subject: unknown): HostSubject;
  /** Validates and keeps the visibility (throws `validation_failed`); false when it did not change. */
  setVisible(visible: unknown): boolean;
}

export function parseEntry(entry: unknown): EntryContext {
  const parsed = parseOrError(EntryContext, entry, { code: 'validation_failed', label: 'entry' });
  if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
  return parsed.value;
}

export function createEntryState(initial: { entry?: unknown; visible?: unknown }): EntryState {
  let entry = parseEntry(initial.entry ?? DEFAULT_ENTRY);
  let visible = true;
  const state: EntryState = {
    get entry() {
      return entry;
    },
    get visible() {
      return visible;
    },
    setSubject(next) {
      if (entry.target !== 'panel') {
        throw new HostBridgeError(
          'validation_failed',
          `setSubject: entry point "${entry.id}" is a ${entry.target}; only a panel is shown for a host object`,
        );
      }
      const parsed = parseOrError(HostSubject, next, { code: 'validation_failed', label: 'subject' });
      if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
      entry = { ...entry, subject: parsed.value };
      return parsed.value;
    },
    setVisible(next) {
      if (typeof next !== 'boolean') {
        throw new HostBridgeError('validation_failed', `setVisible: expected a boolean, got ${typeof next}`);
      }
      if (next === visible) return false;
      visible = next;
      return true;
    },
  };
  if (initial.visible !== undefined) state.setVisible(initial.visible);
  return state;
}
