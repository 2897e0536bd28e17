import { LEAST_UPPER_BOUND, TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

/**
 * A js@1 handler's source map (the `.map` `build-handler` writes beside the module, bundled with it),
 * read only when a stack trace needs it.
 */
export class HandlerSourceMap {
  private parsed: TraceMap | null | undefined;

  constructor(
    private readonly modulePath: string,
    private readonly mapText: string,
  ) {}

  /**
   * Rewrites the frames of a QuickJS stack that point into the module (`handler/handler.js:2445:20`)
   * to the author's file and line (`src/handler.ts:12:7`); frames it cannot map stay as they are.
   */
  mapStack(stack: string): string {
    const map = this.traceMap();
    if (!map) return stack;
    const frame = new RegExp(`${escapeRegExp(this.modulePath)}:(\\d+)(?::(\\d+))?`, 'g');
    return stack.replace(frame, (whole, line: string, column: string | undefined) => {
      const position = { line: Number(line), column: column ? Number(column) - 1 : 0 };
      // QuickJS may name a column before the line's first mapped segment (its indentation).
      let original = originalPositionFor(map, position);
      if (original.source === null) original = originalPositionFor(map, { ...position, bias: LEAST_UPPER_BOUND });
      if (original.source === null || original.line === null) return whole;
      return `${original.source}:${original.line}:${(original.column ?? 0) + 1}`;
    });
  }

  private traceMap(): TraceMap | null {
    if (this.parsed === undefined) {
      try {
        this.parsed = new TraceMap(this.mapText);
      } catch {
        this.parsed = null; // a map that does not parse maps nothing; the raw stack is still logged
      }
    }
    return this.parsed;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
