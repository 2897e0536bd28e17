// Where everything listens during the e2e run. Ports of their own (not the demo's 8080–8082), so a
// running `npm run demo` does not collide with the suite.
import { fileURLToPath } from 'node:url';

export const E2E_ROOT = fileURLToPath(new URL('../', import.meta.url));

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const PORTS = {
  runner: port('E2E_RUNNER_PORT', 18080),
  host: port('E2E_HOST_PORT', 18081),
  quoteApi: port('E2E_QUOTE_API_PORT', 18082),
  /** The test-only host page (an allowed frame ancestor, another origin than the demo host). */
  testHost: port('E2E_TEST_HOST_PORT', 18083),
  /** An origin outside the runner's frame-ancestors. */
  foreign: port('E2E_FOREIGN_PORT', 18084),
  /** The global setup's control endpoint (stop / start the runner), loopback only. */
  control: port('E2E_CONTROL_PORT', 18085),
};

/** Token lifetime for the whole run: short, so the refresh flow happens within a test. */
export const TOKEN_TTL_SECONDS = 20;

// Debian's Chromium with the repository's one launch configuration (CHROMIUM_PATH overrides the path).
export { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';

export const PROBE_ID = 'dev.extsys.e2e-probe';
export const HELLO_ID = 'com.example.hello';
export const RECORDS_ID = 'com.example.records';
