import { describe, expect, it } from 'vitest';
import { SemVer } from '@extsys/protocol';
import { DevVersions, devVersionBase, highestDevNumber } from '../src/dev/dev-version.js';

const view = (extensionId: string, version: string) =>
  ({ extensionId, version, contentHash: `sha256:${'0'.repeat(64)}` }) as never;

describe('dev versions', () => {
  it('are SemVer prereleases of the manifest version', () => {
    expect(devVersionBase('1.2.3')).toBe('1.2.3-dev.');
    expect(devVersionBase('1.2.3-beta.1')).toBe('1.2.3-beta.1.dev.');
    expect(devVersionBase('1.2.3+build.7')).toBe('1.2.3-dev.');
    for (const v of ['1.2.3-dev.1', '1.2.3-beta.1.dev.12']) expect(SemVer.safeParse(v).success).toBe(true);
  });

  it('go on from the highest one the registry holds for that extension and base', async () => {
    const held = [view('a', '1.0.0'), view('a', '1.0.0-dev.7'), view('a', '1.0.0-dev.x'), view('b', '1.0.0-dev.40')];
    expect(highestDevNumber(held, 'a', '1.0.0-dev.')).toBe(7);
    let asked = 0;
    const versions = new DevVersions(async () => {
      asked++;
      return held;
    });
    expect(await versions.take('a', '1.0.0')).toBe('1.0.0-dev.8');
    expect(await versions.take('a', '1.0.0')).toBe('1.0.0-dev.9');
    expect(await versions.take('a', '2.0.0')).toBe('2.0.0-dev.1');
    expect(asked).toBe(2);
  });
});
