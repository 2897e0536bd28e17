import { bundlePathProblem } from '@extsys/protocol';
import { BundleError } from './errors.js';
import { formatBytes, type BundleLimits } from './limits.js';

/**
 * The bundle archive: a canonical subset of POSIX ustar ("tar"), written and read here.
 *
 * - Only regular files: no directories, links, devices, pax or GNU extension headers.
 * - Entries sorted by path (byte order), each path once, no path both a file and a folder
 *   ("a" and "a/b"); paths are bundle paths
 *   (`bundlePathProblem`) in printable ASCII that fit ustar's name (100) + prefix (155) fields.
 * - Every header field is fixed except path and size: mode 0644, uid/gid 0, no owner names,
 *   mtime 0, no link target, device numbers 0. Numbers are zero-padded octal ending in NUL.
 * - The archive ends with exactly two zero blocks (no record padding).
 *
 * So a list of (path, bytes) has exactly one archive, and `readArchive` refuses anything that is
 * not exactly that archive. That is what makes the content hash (SHA-256 of the archive bytes)
 * reproducible and lets a verifier hash the bytes before it parses them. Standard tools read it:
 * `tar -tvf bundle.tar`.
 */
export interface ArchiveEntry {
  readonly path: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;
const END_BLOCKS = 2;
const NAME_MAX = 100;
const PREFIX_MAX = 155;
const ENTRY_MODE = 0o644;
const TYPE_FILE = 0x30; // '0'
const MAGIC = 'ustar\0';
const VERSION = '00';

const TYPE_NAMES: Record<string, string> = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '5': 'a directory',
  '6': 'a FIFO',
  '7': 'a contiguous file',
  x: 'a pax extended header',
  g: 'a pax global header',
  L: 'a GNU long-name header',
  K: 'a GNU long-link header',
};

/** Bytes an entry of `size` bytes takes in the archive (header + data padded to 512). */
export function archiveEntryBytes(size: number): number {
  return BLOCK + Math.ceil(size / BLOCK) * BLOCK;
}

/** Bytes every archive ends with (two zero blocks). */
export const ARCHIVE_END_BYTES = END_BLOCKS * BLOCK;

/** Byte order on paths (they are ASCII, so this is also code-point order), independent of locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where ustar stores a path: whole in `name`, or split at the first "/" that makes it fit. */
function splitPath(path: string): { name: string; prefix: string } | undefined {
  if (path.length <= NAME_MAX) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length > PREFIX_MAX) return undefined;
    if (name.length <= NAME_MAX) return { name, prefix };
  }
  return undefined;
}

/** Why `path` cannot be an entry of a bundle archive, or undefined when it can. */
export function archivePathProblem(path: string): string | undefined {
  const problem = bundlePathProblem(path);
  if (problem) return problem;
  if (!splitPath(path)) return 'is too long for a ustar header (at most 255 characters, 100 after a "/")';
  return undefined;
}

/** The first folder of `path` that is also a file among `files`, if any ("a" for "a/b" when "a" is a file). */
function fileAsFolder(path: string, files: ReadonlySet<string>): string | undefined {
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    if (files.has(path.slice(0, i))) return path.slice(0, i);
  }
  return undefined;
}

function writeField(header: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
}

/** `width - 1` zero-padded octal digits and a NUL. */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

/** The canonical header of a file entry; `path` must have passed `archivePathProblem`. */
function encodeHeader(path: string, size: number): Uint8Array {
  const { name, prefix } = splitPath(path)!;
  const header = new Uint8Array(BLOCK);
  writeField(header, 0, name);
  writeField(header, 100, octal(ENTRY_MODE, 8));
  writeField(header, 108, octal(0, 8)); // uid
  writeField(header, 116, octal(0, 8)); // gid
  writeField(header, 124, octal(size, 12));
  writeField(header, 136, octal(0, 12)); // mtime
  header[156] = TYPE_FILE;
  writeField(header, 257, MAGIC);
  writeField(header, 263, VERSION);
  writeField(header, 329, octal(0, 8)); // devmajor
  writeField(header, 337, octal(0, 8)); // devminor
  writeField(header, 345, prefix);
  writeField(header, 148, `${checksum(header).toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** Writes the one canonical archive of `entries` (in any order; they are sorted here). */
export function writeArchive(entries: readonly ArchiveEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  let total = ARCHIVE_END_BYTES;
  const seen = new Set<string>();
  for (const entry of sorted) {
    const problem = archivePathProblem(entry.path);
    if (problem) throw new BundleError('path_invalid', `cannot archive "${entry.path}": the path ${problem}`);
    if (seen.has(entry.path)) throw new BundleError('bundle_invalid', `cannot archive "${entry.path}" twice`);
    const clash = fileAsFolder(entry.path, seen);
    if (clash) throw new BundleError('bundle_invalid', `cannot archive "${entry.path}": "${clash}" is a file`);
    seen.add(entry.path);
    total += archiveEntryBytes(entry.data.byteLength);
  }
  const out = new Uint8Array(total); // zero-filled: padding and the end blocks are already there
  let offset = 0;
  for (const entry of sorted) {
    out.set(encodeHeader(entry.path, entry.data.byteLength), offset);
    out.set(entry.data, offset + BLOCK);
    offset += archiveEntryBytes(entry.data.byteLength);
  }
  return out;
}

function isZero(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0) return false;
  return true;
}

/** A NUL-terminated header text field, bytes read as Latin-1 (non-ASCII is refused by the path check). */
function readText(header: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = offset; i < offset + length && header[i] !== 0; i++) text += String.fromCharCode(header[i]!);
  return text;
}

/** A numeric header field: octal digits, optionally padded with spaces (as other writers do); NaN otherwise. */
function readOctal(header: Uint8Array, offset: number, length: number): number {
  const text = readText(header, offset, length).trim();
  return /^[0-7]{1,11}$/.test(text) ? Number.parseInt(text, 8) : Number.NaN;
}

function invalid(message: string): BundleError {
  return new BundleError('bundle_invalid', message);
}

/**
 * Parses a bundle archive, refusing anything that is not exactly the canonical archive of its
 * entries: extension headers, links, directories, unsafe or unsorted paths, altered header fields,
 * truncation, trailing data, and anything over `limits`. Entry data are views into `bytes`.
 */
export function readArchive(bytes: Uint8Array, limits: BundleLimits): ArchiveEntry[] {
  if (bytes.byteLength > limits.maxBundleBytes) {
    throw new BundleError(
      'bundle_too_large',
      `bundle is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(limits.maxBundleBytes)} limit`,
    );
  }
  if (bytes.byteLength % BLOCK !== 0 || bytes.byteLength < ARCHIVE_END_BYTES) {
    throw invalid(
      `bundle is ${bytes.byteLength} bytes, not a whole number of 512-byte tar blocks: it is truncated or not an uncompressed extsys bundle`,
    );
  }
  const entries: ArchiveEntry[] = [];
  const paths = new Set<string>();
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > bytes.byteLength) throw invalid('bundle ends without the end-of-archive marker (truncated?)');
    const header = bytes.subarray(offset, offset + BLOCK);
    const where = `entry #${entries.length + 1} (byte ${offset})`;
    if (isZero(header)) {
      if (offset + ARCHIVE_END_BYTES !== bytes.byteLength || !isZero(bytes.subarray(offset))) {
        throw invalid(`bundle has data after its end-of-archive marker at byte ${offset}`);
      }
      return entries;
    }
    if (readOctal(header, 148, 8) !== checksum(header)) {
      throw invalid(`${where}: header checksum mismatch (corrupted, or not an uncompressed tar)`);
    }
    if (readText(header, 257, 6) !== 'ustar' || header[262] !== 0 || readText(header, 263, 2) !== VERSION) {
      throw invalid(`${where}: not a POSIX ustar header (extsys bundles are uncompressed ustar)`);
    }
    const prefix = readText(header, 345, PREFIX_MAX);
    const path = prefix ? `${prefix}/${readText(header, 0, NAME_MAX)}` : readText(header, 0, NAME_MAX);
    const shown = JSON.stringify(path);
    const type = String.fromCharCode(header[156]!);
    if (header[156] !== TYPE_FILE) {
      throw invalid(
        `entry ${shown}: is ${TYPE_NAMES[type] ?? `of tar type ${JSON.stringify(type)}`}; bundles hold only regular files`,
      );
    }
    const pathProblem = archivePathProblem(path);
    if (pathProblem)
      throw invalid(`entry ${shown}: the path ${pathProblem}; bundle entries must be relative paths inside the bundle`);
    // Read leniently here so that an oversize entry from any writer is reported as such; the
    // canonical-header check below then refuses every style but ours.
    const size = readOctal(header, 124, 12);
    if (Number.isNaN(size)) throw invalid(`entry ${shown}: malformed size field`);
    if (size > limits.maxFileBytes) {
      throw new BundleError(
        'bundle_too_large',
        `entry ${shown}: ${formatBytes(size)} is over the ${formatBytes(limits.maxFileBytes)} per-file limit`,
      );
    }
    if (entries.length + 1 > limits.maxFiles) {
      throw new BundleError('bundle_too_large', `bundle has more than ${limits.maxFiles} files`);
    }
    const canonical = encodeHeader(path, size);
    if (!canonical.every((byte, i) => byte === header[i])) {
      throw invalid(
        `entry ${shown}: header is not canonical (mode, owner, time or format fields differ); repack with extsys-bundle pack`,
      );
    }
    const previous = entries[entries.length - 1];
    if (previous && comparePaths(previous.path, path) >= 0) {
      throw invalid(
        `entry ${shown}: ${previous.path === path ? 'appears twice' : 'is out of order (entries are sorted by path)'}`,
      );
    }
    const clash = fileAsFolder(path, paths);
    if (clash) throw invalid(`entry ${shown}: "${clash}" is a file, so it cannot also be a folder`);
    const dataStart = offset + BLOCK;
    const next = offset + archiveEntryBytes(size);
    if (next > bytes.byteLength) throw invalid(`entry ${shown}: data runs past the end of the bundle (truncated?)`);
    if (!isZero(bytes.subarray(dataStart + size, next)))
      throw invalid(`entry ${shown}: non-zero padding after its data`);
    entries.push({ path, data: bytes.subarray(dataStart, dataStart + size) });
    paths.add(path);
    offset = next;
  }
}
