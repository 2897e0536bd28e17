import type { VersionView } from '@extsys/protocol';

/**
 * Versions are immutable in the registry, so every dev build is published as its own version:
 * `1.2.3` → `1.2.3-dev.<n>`, `1.2.3-beta.1` → `1.2.3-beta.1.dev.<n>` (still SemVer; build
 * metadata `+…` is dropped). `n` goes on from the highest one the registry already holds, so a
 * second `extsys dev` session on the same `.extsys/dev` data does not collide with the first.
 */
export function devVersionBase(version: string): string {
  const core = version.split('+', 1)[0] ?? version;
  return core.includes('-') ? `${core}.dev.` : `${core}-dev.`;
}

/** The highest `n` of `<base><n>` among the extension's published versions (0 when none). */
export function highestDevNumber(versions: readonly VersionView[], extensionId: string, base: string): number {
  let highest = 0;
  for (const { extensionId: id, version } of versions) {
    if (id !== extensionId || !version.startsWith(base)) continue;
    const n = /^\d+$/.test(version.slice(base.length)) ? Number(version.slice(base.length)) : 0;
    highest = Math.max(highest, n);
  }
  return highest;
}

/** Hands out the next dev version of an extension; asks the registry once per base version. */
export class DevVersions {
  private readonly next = new Map<string, number>();

  constructor(private readonly listVersions: () => Promise<VersionView[]>) {}

  async take(extensionId: string, manifestVersion: string): Promise<string> {
    const base = devVersionBase(manifestVersion);
    const key = `${extensionId} ${base}`;
    let n = this.next.get(key);
    if (n === undefined) n = highestDevNumber(await this.listVersions(), extensionId, base) + 1;
    this.next.set(key, n + 1);
    return `${base}${n}`;
  }
}
