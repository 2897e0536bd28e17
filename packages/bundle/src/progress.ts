/** How far a long operation (pack, extract) has got. */
export interface Progress {
  /** Files handled so far, out of `total`. */
  done: number;
  total: number;
  /** The file just handled. */
  path: string;
}

export interface ProgressLine {
  update: (progress: Progress) => void;
  /** Clears the line; call before printing anything else. */
  clear: () => void;
}

/**
 * A one-line progress indicator on stderr, redrawn in place, only when stderr is a terminal
 * (piped or captured output gets nothing, so logs stay clean).
 */
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (!stream.isTTY) return { update: () => {}, clear: () => {} };
  let shown = false;
  let last = 0;
  return {
    update({ done, total, path }) {
      const now = Date.now();
      if (done !== total && now - last < 50) return; // redraw at most 20 times a second
      last = now;
      const width = Math.max(20, (stream.columns || 80) - 1);
      const text = `${label} ${done}/${total} ${path}`;
      stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
