import { nanoid } from 'nanoid';
import {
  MountNonce,
  PROTOCOL_VERSION,
  RoutePath,
  ThemeMode,
  encodeMountFragment,
  type MountFragment,
} from '@extsys/protocol/bridge';
import { bundlePathProblem, contentHashProblem, extensionIdProblem } from './validate.js';
import { originProblem } from '@extsys/protocol';
import { HostBridgeError } from './errors.js';

export interface ExtUiSrcOptions {
  /**
   * The runner's public base (`RUNNER_PUBLIC_BASE`): absolute (`https://runner.example.com/base`)
   * or a path on the host's origin (`/runner`). Trailing slashes are ignored.
   */
  runnerBase: string;
  /** The extension page inside the bundle; default `index.html`. Each segment is URL-encoded. */
  entry?: string;
  /** The route the extension page opens on (`/records/42?tab=notes`), put in `?path=`. Default `/`. */
  path?: string;
  /** Colour scheme the page paints with before the handshake; default `light`. */
  mode?: ThemeMode;
  /** The host page's origin, default `window.location.origin`. */
  parentOrigin?: string;
  /** The per-mount nonce; default a fresh `nanoid()` (21 characters, 126 bits). */
  nonce?: string;
}

export interface ExtUiSrc {
  /** The iframe `src`. Its fragment carries the nonce: never log it. */
  src: string;
  /** Pass it to `bootstrapIframe({nonce})`. */
  nonce: string;
}

function fail(message: string): never {
  throw new HostBridgeError('bad_request', message);
}

/** `https://runner.example.com/base` or `/runner` with trailing slashes removed. */
export function normaliseRunnerBase(base: string): string {
  if (typeof base !== 'string' || base.trim() !== base || base === '') {
    fail('buildExtUiSrc: runnerBase must be a non-empty URL or path without surrounding spaces');
  }
  if (/[?#\\\s]/.test(base)) {
    fail(`buildExtUiSrc: runnerBase must not contain a query, fragment, backslash or space: "${base}"`);
  }
  const trimmed = base.replace(/\/+$/, '');
  if (base.startsWith('/')) {
    if (base.startsWith('//'))
      fail(`buildExtUiSrc: runnerBase "${base}" is protocol-relative; give an absolute URL or a path`);
    if (trimmed.split('/').some((segment) => segment === '.' || segment === '..')) {
      fail(`buildExtUiSrc: runnerBase "${base}" must not contain "." or ".." segments`);
    }
    return trimmed;
  }
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return fail(`buildExtUiSrc: runnerBase "${base}" is neither an absolute http(s) URL nor a path starting with "/"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail(`buildExtUiSrc: runnerBase "${base}" must use http or https`);
  if (url.username || url.password) fail('buildExtUiSrc: runnerBase must not carry credentials');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A fresh per-mount nonce (nanoid, 21 URL-safe characters = 126 bits). */
export function createMountNonce(): string {
  return nanoid();
}

/**
 * The iframe URL of an extension page:
 * `{runnerBase}/ext-ui/{id}/{hash}/{entry}?path=<initial path>#n=<nonce>&o=<parent origin>&v=<protocol>&m=<mode>`.
 * Throws a `HostBridgeError` (`bad_request`, `content_hash_invalid`, `path_invalid`) for every bad input.
 */
export function buildExtUiSrc(extensionId: string, contentHash: string, opts: ExtUiSrcOptions): ExtUiSrc {
  if (opts === null || typeof opts !== 'object') fail('buildExtUiSrc: options are required ({runnerBase, ...})');
  const idProblem = extensionIdProblem(extensionId);
  if (idProblem) fail(`buildExtUiSrc: extensionId ${idProblem}`);
  const hashProblem = contentHashProblem(contentHash);
  if (hashProblem) throw new HostBridgeError('content_hash_invalid', `buildExtUiSrc: contentHash ${hashProblem}`);
  const base = normaliseRunnerBase(opts.runnerBase);

  const entry = opts.entry ?? 'index.html';
  const entryProblem = typeof entry === 'string' ? bundlePathProblem(entry) : 'is not a string';
  if (entryProblem)
    throw new HostBridgeError('path_invalid', `buildExtUiSrc: entry "${String(entry)}" ${entryProblem}`);

  const path = opts.path ?? '/';
  if (!RoutePath.safeParse(path).success) {
    throw new HostBridgeError(
      'path_invalid',
      `buildExtUiSrc: path "${String(path)}" must start with "/" and have no "..", "." or encoded "/" segments, backslash or fragment`,
    );
  }
  const mode = opts.mode ?? 'light';
  if (!ThemeMode.safeParse(mode).success)
    fail(`buildExtUiSrc: mode "${String(mode)}" must be light, dark or high-contrast`);

  const parentOrigin = opts.parentOrigin ?? globalThis.location?.origin;
  if (typeof parentOrigin !== 'string' || originProblem(parentOrigin)) {
    fail(
      `buildExtUiSrc: parentOrigin "${String(parentOrigin)}" is not an http(s) origin; pass opts.parentOrigin ` +
        '(a host page with an opaque origin cannot embed extensions)',
    );
  }
  const nonce = opts.nonce ?? createMountNonce();
  if (!MountNonce.safeParse(nonce).success) {
    fail('buildExtUiSrc: nonce must be 21-64 base64url characters (omit it to get a fresh one)');
  }

  const fragment: MountFragment = { nonce, parentOrigin, protocol: PROTOCOL_VERSION, mode };
  const segments = ['ext-ui', extensionId, contentHash, ...entry.split('/')].map(encodeURIComponent).join('/');
  const src = `${base}/${segments}?path=${encodeURIComponent(path)}#${encodeMountFragment(fragment)}`;
  return { src, nonce };
}

/**
 * Another mount of the bundle an existing frame shows (a modal of the same extension): the same
 * runner base, bundle and page file, a fresh nonce, and its own path and mode. `src` is the
 * existing frame's, as `buildExtUiSrc()` built it (relative to `baseUri` when it is a path).
 */
export function deriveExtUiSrc(
  src: string,
  baseUri: string,
  extensionId: string,
  contentHash: string,
  opts: Pick<ExtUiSrcOptions, 'path' | 'mode' | 'parentOrigin'>,
): ExtUiSrc {
  const url = new URL(src, baseUri);
  const marker = `/${['ext-ui', extensionId, contentHash].map(encodeURIComponent).join('/')}/`;
  const at = url.pathname.indexOf(marker);
  if (at < 0) fail(`deriveExtUiSrc: the frame's src is not a page of ${extensionId} at ${contentHash}`);
  return buildExtUiSrc(extensionId, contentHash, {
    ...opts,
    runnerBase: `${url.origin}${url.pathname.slice(0, at)}`,
    entry: url.pathname
      .slice(at + marker.length)
      .split('/')
      .map(decodeURIComponent)
      .join('/'),
  });
}
