/**
 * A failure the CLI reports as one line, `extsys <command>: <message> [<code>]`, exiting 1. The
 * message says what went wrong and what to do; the code is stable (scripts may match on it).
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A mistake in how the command was called: reported with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
