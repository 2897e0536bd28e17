import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { ContentHash, ExtensionId } from '@extsys/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { BundleCache, CachedFile, LoadedBundle } from '../bundles/cache.js';
import { RunnerError } from '../errors.js';
import { decodeAssetPath, isRoutePath } from './asset-path.js';
import { contentTypeOf, isHtml } from './content-type.js';
import { SVG_CSP, extensionPageCsp, type CspOrigins } from './csp.js';
import type { FileReader } from './file-reader.js';
import { parseRange } from './range.js';

export interface ExtUiOptions {
  cache: BundleCache;
  files: FileReader;
  csp: CspOrigins;
}

const PREFIX = '/ext-ui/';
/** Assets: the URL names the content hash, so the bytes and headers behind it never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * HTML documents: the bytes are as immutable as any asset, but the CSP they carry comes from the
 * runner's configuration (frame-ancestors, connect-src, form-action). Stored but revalidated on
 * every use, so a tightened policy reaches browsers at once; the ETag makes that a cheap 304.
 */
const REVALIDATE = 'no-cache';

/** Splits `/ext-ui/{extensionId}/{contentHash}/{path...}` (raw, still encoded) and checks the ids. */
function parseUrl(pathname: string): { extensionId: string; contentHash: ContentHash; rawPath: string } {
  const rest = pathname.slice(PREFIX.length);
  const [rawId = '', rawHash, ...file] = rest.split('/');
  let extensionId: string;
  let hash: string;
  try {
    extensionId = decodeURIComponent(rawId);
    hash = decodeURIComponent(rawHash ?? '');
  } catch {
    throw new RunnerError('path_invalid', 'extension id or content hash has a malformed percent-encoding');
  }
  if (!ExtensionId.safeParse(extensionId).success) {
    throw new RunnerError('bad_request', `"${extensionId.slice(0, 80)}" is not an extension id (e.g. com.acme.hello)`);
  }
  if (rawHash === undefined) {
    throw new RunnerError('bad_request', 'expected /ext-ui/{extensionId}/{contentHash}/{path}');
  }
  const parsedHash = ContentHash.safeParse(hash);
  if (!parsedHash.success) {
    throw new RunnerError(
      'content_hash_invalid',
      'content hash must be "sha256:" followed by 64 lower-case hex digits',
    );
  }
  return { extensionId, contentHash: parsedHash.data, rawPath: file.join('/') };
}

/** The bundle file a request names, or the entry for client-side routes. */
function resolveFile(bundle: LoadedBundle, extensionId: string, rawPath: string): { path: string; file: CachedFile } {
  const { manifest } = bundle;
  if (manifest.name !== extensionId) {
    throw new RunnerError('bundle_not_found', `bundle ${bundle.contentHash} is not a bundle of ${extensionId}`);
  }
  if (!manifest.ui) throw new RunnerError('asset_not_found', `${extensionId} has no UI`);
  // The manifest requires the entry inside a folder: that folder is all the runner serves.
  const uiRoot = posix.dirname(manifest.ui.entry);
  const assetPath = decodeAssetPath(rawPath);
  const candidate = assetPath === '' ? manifest.ui.entry : `${uiRoot}/${assetPath}`;
  const file = bundle.files.get(candidate);
  if (file) return { path: candidate, file };
  if (isRoutePath(assetPath)) {
    const entry = bundle.files.get(manifest.ui.entry);
    if (entry) return { path: manifest.ui.entry, file: entry };
  }
  throw new RunnerError('asset_not_found', `${extensionId} has no asset "${assetPath}"`);
}

/** `If-None-Match` per RFC 9110: `*`, or a list compared weakly. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === etag);
}

/**
 * The ETag of an HTML document: the file's bytes and the CSP sent with them, so a configuration
 * change makes every cached copy fail revalidation (a 200 with the new policy, not a 304 that
 * would keep the old one). Same format as file ETags.
 */
function htmlEtag(file: CachedFile, pageCsp: string): string {
  return `"${createHash('sha256').update(file.etag).update('\n').update(pageCsp).digest('base64url')}"`;
}

/** The headers every answer for a file carries (200, 206 and 304 alike), computed once per file. */
function fileHeaders(path: string, file: CachedFile, pageCsp: string): Record<string, string> & { etag: string } {
  const html = isHtml(path);
  const headers: Record<string, string> & { etag: string } = {
    etag: html ? htmlEtag(file, pageCsp) : file.etag,
    'cache-control': html ? REVALIDATE : IMMUTABLE,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
    'accept-ranges': 'bytes',
  };
  if (html) {
    headers['content-security-policy'] = pageCsp;
    headers['referrer-policy'] = 'no-referrer';
  } else {
    // Sandboxed frames fetch module scripts with `Origin: null`.
    headers['access-control-allow-origin'] = '*';
    if (path.endsWith('.svg')) headers['content-security-policy'] = SVG_CSP;
  }
  return headers;
}

/** A URL already resolved to a file of a cached bundle: the hot path skips parsing and checks. */
interface ResolvedAsset {
  bundle: LoadedBundle;
  path: string;
  file: CachedFile;
  /** Includes the ETag that `If-None-Match` is compared with (for HTML, not the file's own). */
  headers: Record<string, string> & { etag: string };
  contentType: string;
}

/** `GET|HEAD /ext-ui/{extensionId}/{contentHash}/{path}`: files of verified bundles only. */
export const extUiRoutes: FastifyPluginAsync<ExtUiOptions> = async (app, { cache, files, csp }) => {
  // One policy per bundle: its sandbox carries the manifest's requested features.
  const pageCsp = (bundle: LoadedBundle) => extensionPageCsp(csp, bundle.manifest.ui?.sandbox ?? []);
  // Keyed by the raw pathname (the query, e.g. the entry's ?path=, does not change the file).
  const resolved = new LRUCache<string, ResolvedAsset>({ max: 10_000 });

  async function resolve(pathname: string): Promise<ResolvedAsset> {
    const hit = resolved.get(pathname);
    if (hit && cache.touch(hit.bundle.contentHash)) return hit;
    const { extensionId, contentHash, rawPath } = parseUrl(pathname);
    const bundle = await cache.get(contentHash);
    const { path, file } = resolveFile(bundle, extensionId, rawPath);
    const asset = {
      bundle,
      path,
      file,
      headers: fileHeaders(path, file, pageCsp(bundle)),
      contentType: contentTypeOf(path),
    };
    resolved.set(pathname, asset);
    return asset;
  }

  app.get('/ext-ui/*', async (request, reply) => {
    const { bundle, path, file, headers, contentType } = await resolve((request.raw.url ?? '').split('?', 1)[0] ?? '');
    reply.headers(headers);
    if (matchesEtag(request.headers['if-none-match'], headers.etag)) return reply.code(304).send();

    reply.type(contentType);
    const range = parseRange(request.headers.range, file.size);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${file.size}`);
      throw new RunnerError('range_not_satisfiable', `the range is outside this ${file.size}-byte file`);
    }
    const bytes = await files.bytes(bundle, path, file.size);
    if (range) {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
      reply.header('content-length', range.end - range.start + 1);
      return bytes
        ? reply.send(bytes.subarray(range.start, range.end + 1))
        : reply.send(files.stream(bundle, path, range.start, range.end));
    }
    reply.header('content-length', file.size);
    return reply.send(bytes ?? files.stream(bundle, path, 0, Math.max(0, file.size - 1)));
  });
};
