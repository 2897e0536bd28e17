/**
 * A long step announced on stderr (`packing…`), so a user watching a slow network or a big build
 * knows what the CLI is doing; the result goes to stdout, which scripts read.
 */
export async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  process.stderr.write(`${label}…\n`);
  return run();
}
