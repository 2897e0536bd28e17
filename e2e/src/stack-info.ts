// What the global setup hands to the test workers (through the environment), and the control
// endpoint that stops and starts the runner in the process that owns the stack.

export interface StackInfo {
  /** The demo host page and gateway, http://localhost:<port>. */
  hostUrl: string;
  runnerUrl: string;
  quoteApiUrl: string;
  /** The test-only host page (e2e/test-host), an allowed frame ancestor. */
  testHostUrl: string;
  /** An origin outside the runner's frame-ancestors. */
  foreignUrl: string;
  controlUrl: string;
  controlSecret: string;
  adminToken: string;
  published: { extensionId: string; version: string; contentHash: string }[];
  tokenTtlSeconds: number;
  /** The services' log lines, one file for the run. */
  logFile: string;
}

export function stackInfo(): StackInfo {
  const raw = process.env['E2E_STACK'];
  if (!raw)
    throw new Error(
      'E2E_STACK is not set: run the suite with `npx playwright test` (its global setup starts the stack)',
    );
  return JSON.parse(raw) as StackInfo;
}

export function published(extensionId: string): StackInfo['published'][number] {
  const found = stackInfo().published.find((p) => p.extensionId === extensionId);
  if (!found) throw new Error(`${extensionId} was not published by the global setup`);
  return found;
}

async function control(action: 'stop' | 'start'): Promise<void> {
  const { controlUrl, controlSecret } = stackInfo();
  const response = await fetch(`${controlUrl}/runner/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${controlSecret}` },
  });
  if (!response.ok) throw new Error(`runner ${action}: HTTP ${response.status} ${await response.text()}`);
}

/** The runner process of the shared stack (stack.stopRunner() / startRunner() in the setup's process). */
export const runner = {
  stop: () => control('stop'),
  start: () => control('start'),
};
