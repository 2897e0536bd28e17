import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, columns: 40, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('progressLine', () => {
  it('redraws one line on a terminal and clears it at the end', () => {
    const { stream, writes } = fakeStream(true);
    const line = progressLine('packing', stream);
    line.update({ done: 1, total: 2, path: 'manifest.json' });
    line.update({ done: 2, total: 2, path: 'ui/a-very-long-file-name-that-does-not-fit.js' });
    line.clear();
    expect(writes).toEqual([
      '\r\x1b[2Kpacking 1/2 manifest.json',
      '\r\x1b[2Kpacking 2/2 ui/a-very-long-file-name-t…', // 39 columns: one left free
      '\r\x1b[2K',
    ]);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const line = progressLine('packing', stream);
    line.update({ done: 1, total: 1, path: 'manifest.json' });
    line.clear();
    expect(writes).toEqual([]);
  });
});
