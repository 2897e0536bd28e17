// How every Chromium of this repository is launched (Storybook a11y, benchmarks, the demo
// screenshot, e2e): Debian's Chromium — Playwright cannot download browsers on these machines —
// with the flags below, for headless runs on a shared box. CHROMIUM_PATH overrides the path.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Options for playwright's `chromium.launch()`. */
export const CHROMIUM_LAUNCH = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };
