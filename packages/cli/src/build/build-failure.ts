import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { CliError } from '../cli-error.js';

/** Which part of the project failed to build. */
export type BuildPart = 'ui' | 'handler' | 'manifest';

/**
 * A build that failed on the author's source: `build_failed`, the part, and the compiler's own
 * message with its file:line first — printed by `extsys build`, and by `extsys dev` in the
 * terminal and over the frame.
 */
export class BuildFailure extends CliError {
  constructor(
    readonly part: BuildPart,
    /** `src/App.tsx:14:7` (relative to the project) when the compiler said where. */
    readonly location: string | undefined,
    /** The compiler's message (colours stripped), with its code frame when it gave one. */
    readonly detail: string,
  ) {
    super('build_failed', `the ${part} does not build: ${location ? `${location}: ` : ''}${firstLine(detail)}`);
    this.name = 'BuildFailure';
  }

  /** Everything the compiler said, for a terminal or the host page's overlay. */
  get report(): string {
    return `${PART_NAMES[this.part]} build failed${this.location ? ` at ${this.location}` : ''}\n${this.detail}`;
  }
}

const PART_NAMES: Record<BuildPart, string> = { ui: 'UI', handler: 'Handler', manifest: 'Manifest' };

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

export const plain = (text: string) => stripVTControlCharacters(text).replace(/\s+$/, '');

/** `path:line:column` with the path relative to the project (what editors and terminals link). */
export function location(projectDir: string, file: string, line: number, column: number): string {
  const path = relative(projectDir, file) || file;
  return `${path.startsWith('..') ? file : path}:${line}:${column}`;
}
