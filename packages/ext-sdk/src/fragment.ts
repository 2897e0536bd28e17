import { decodeMountFragment, type MountFragment, type ThemeMode } from '@extsys/protocol/bridge';
import { ExtError } from './errors.js';
import { MOUNT_FRAGMENT } from './generated/validators.js';
import { problemOf, type Node } from './validate.js';

const FIELD_KEYS: Record<keyof MountFragment, string> = {
  nonce: 'n (mount nonce)',
  parentOrigin: 'o (parent origin)',
  protocol: 'v (protocol version)',
  mode: 'm (theme mode)',
};

/** The fragment's fields as given, before `readMountFragment` validated them. */
export const rawFragment = (hash: string) => decodeMountFragment(hash) as MountFragment;

const fields = (MOUNT_FRAGMENT as Extract<Node, { t: 'o' }>).p;

/** Why the fragment's parent origin cannot address a message (checked alone, before the rest). */
export const originProblem = (fragment: MountFragment) => problemOf(fields.parentOrigin!, fragment.parentOrigin);

/**
 * The mount fragment (`#n=..&o=..&v=..&m=..`) the host put in the iframe URL, validated. Throws an
 * `ExtError('handshake_failed')` naming every missing or invalid field: the page was not opened by
 * an extsys host (or the URL was rewritten, e.g. by a router that dropped the fragment).
 */
export function readMountFragment(hash: string): MountFragment {
  const raw = decodeMountFragment(hash);
  if (!problemOf(MOUNT_FRAGMENT, raw)) return raw as MountFragment;
  const keys = Object.keys(FIELD_KEYS) as (keyof MountFragment)[];
  const missing = keys.filter((k) => raw[k] === undefined);
  const invalid = keys.filter((k) => raw[k] !== undefined && problemOf(fields[k]!, raw[k]));
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.map((k) => FIELD_KEYS[k]).join(', ')}`);
  if (invalid.length) parts.push(`invalid ${invalid.map((k) => FIELD_KEYS[k]).join(', ')}`);
  return failFragment(
    `The iframe URL fragment is not an extsys mount fragment (${parts.join('; ')}). ` +
      'The page must be opened by an extsys host (buildExtUiSrc), and the fragment must survive until connect().',
    { missing: missing, invalid: invalid },
  );
}

function failFragment(message: string, details: { missing: string[]; invalid: string[] }): never {
  throw new ExtError('handshake_failed', message, { details });
}

/**
 * The URL fragment as it was when the SDK module was evaluated: a hash router that rewrites the
 * fragment before `connect()` cannot lose the mount nonce.
 */
export const LOAD_HASH: string = typeof location === 'undefined' ? '' : location.hash;

/** Best-effort read for the colour scheme at module load: never throws. */
export function peekMode(hash: string): ThemeMode | undefined {
  const mode = decodeMountFragment(hash).mode;
  return mode === 'light' || mode === 'dark' || mode === 'high-contrast' ? mode : undefined;
}
