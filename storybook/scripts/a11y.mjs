#!/usr/bin/env node
// Opens every story of the static Storybook (storybook-static/) in headless Chromium, in the light,
// dark and high-contrast themes, runs axe-core on it, and fails on any serious or critical
// violation (printed with the story id, theme and rule). It also checks, in a real browser, that
// the ExtensionFrame story connects to the demo extension through the real bridge and that the
// theme tokens resolve to the protocol's colours. One browser, one page, reused.
//
// Env: CHROMIUM_PATH (default /usr/bin/chromium), A11Y_THEMES (default "light,dark,high-contrast").
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';

const started = performance.now();
const root = fileURLToPath(new URL('../storybook-static/', import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const themes = (process.env.A11Y_THEMES ?? 'light,dark,high-contrast').split(',');

const index = JSON.parse(
  await readFile(join(root, 'index.json'), 'utf8').catch(() => {
    console.error('a11y: storybook-static/index.json not found; run `npm run build -w storybook` first');
    process.exit(1);
  }),
);
const stories = Object.values(index.entries).filter((e) => e.type === 'story');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};
const server = createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) throw new Error('outside');
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    // Like the runner: assets answer CORS for the sandboxed (opaque-origin) extension iframe.
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'access-control-allow-origin': '*',
    });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch(CHROMIUM_LAUNCH);
const page = await browser.newPage({ reducedMotion: 'reduce' });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));

const failures = [];
const consoleLines = [];
page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));

/** Loads the preview once per theme; then stories are switched over Storybook's channel (no reload). */
async function loadPreview(theme, firstId) {
  current = firstId;
  await page.goto(`${base}/iframe.html?id=${encodeURIComponent(firstId)}&viewMode=story&globals=theme:${theme}`);
  await page.waitForFunction(
    () =>
      window.__STORYBOOK_ADDONS_CHANNEL__ &&
      document.body.classList.contains('sb-show-main') &&
      document.querySelector('#storybook-root')?.childElementCount > 0,
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(axeSource);
}
let current;
async function renderStory(id) {
  pageErrors.length = 0;
  if (id === current) return; // already on screen (the preview was loaded with it)
  current = id;
  await page.evaluate(
    (storyId) =>
      new Promise((resolve, reject) => {
        const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
        const events = ['storyErrored', 'storyThrewException', 'storyMissing'];
        const timer = setTimeout(() => finish(new Error('story did not render within 15 s')), 15_000);
        function finish(error) {
          clearTimeout(timer);
          channel.off('storyRendered', rendered);
          for (const e of events) channel.off(e, failed);
          if (error) reject(error);
          else resolve();
        }
        function rendered(id) {
          if (id === undefined || id === storyId) finish();
        }
        function failed(info) {
          finish(new Error(`story failed to render: ${info?.title ?? info?.message ?? JSON.stringify(info)}`));
        }
        channel.on('storyRendered', rendered);
        for (const e of events) channel.on(e, failed);
        channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
      }),
    id,
  );
  // Let portals, popper positioning and the tooltip delay settle.
  await page.waitForTimeout(120);
}

let checked = 0;
for (const theme of themes) {
  await loadPreview(theme, stories[0].id);
  for (const story of stories) {
    const where = `${story.id} [${theme}]`;
    try {
      await renderStory(story.id);
      if (story.id.startsWith('host-extensionframe')) {
        // The real bridge: connected (demo) or the accessible error state (missing bundle).
        const status = story.id.endsWith('--connected') ? 'connected' : 'error';
        await page.waitForSelector(`.extsys-frame[data-status="${status}"]`, { timeout: 15_000 });
      }
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { resultTypes: ['violations'] }),
      );
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const targets = v.nodes.map((n) => n.target.join(' ')).slice(0, 3);
        failures.push(`${where}: ${v.id} (${v.impact}) — ${v.help} — ${targets.join(' | ')}`);
      }
      if (pageErrors.length) failures.push(`${where}: page error: ${pageErrors.join('; ')}`);
      checked++;
    } catch (error) {
      failures.push(`${where}: ${error.message.split('\n')[0]}`);
      if (story.id.startsWith('host-extensionframe')) failures.push(`  console: ${consoleLines.slice(-8).join(' / ')}`);
    }
  }
}

// Theme tokens → computed colours in a real browser (jsdom cannot substitute var()).
const { DEFAULT_TOKENS } = await import('@extsys/protocol/theme');
for (const theme of themes) {
  await loadPreview(theme, 'actions-button--primary');
  const [bg, expected] = await page.evaluate((hex) => {
    const probe = document.createElement('div');
    probe.style.backgroundColor = hex;
    document.body.append(probe);
    const want = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return [getComputedStyle(document.querySelector('.ek-button')).backgroundColor, want];
  }, DEFAULT_TOKENS[theme]['color-primary']);
  if (bg !== expected) failures.push(`theme ${theme}: Button background ${bg}, expected ${expected} (color-primary)`);
}

// The frame's theme is pushed over the bridge when the toolbar changes (no remount).
await loadPreview('light', 'host-extensionframe--connected');
await page.waitForSelector('.extsys-frame[data-status="connected"]', { timeout: 15_000 });
const frame = page.frameLocator('.extsys-frame iframe');
const initialMode = await frame.locator('html').getAttribute('data-theme');
if (initialMode !== 'light') failures.push(`ExtensionFrame: extension page data-theme ${initialMode}, expected light`);
// Switch the toolbar to dark: the same iframe (marked) must receive the theme over the bridge.
await page.evaluate(() => {
  document.querySelector('.extsys-frame iframe').dataset.probe = 'first-mount';
  window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateGlobals', { globals: { theme: 'dark' } });
});
try {
  await frame.locator('html[data-theme="dark"]').waitFor({ state: 'attached', timeout: 10_000 });
  const bg = await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  const same = await page.evaluate(
    () => document.querySelector('.extsys-frame iframe')?.dataset.probe === 'first-mount',
  );
  if (!same) failures.push('ExtensionFrame: the theme change remounted the iframe');
  if (bg !== 'rgb(13, 17, 23)')
    failures.push(`ExtensionFrame: extension body ${bg} after the dark push, expected rgb(13, 17, 23)`);
} catch (error) {
  failures.push(`ExtensionFrame: the dark theme did not reach the extension page (${error.message.split('\n')[0]})`);
}

await browser.close();
server.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.error(`a11y: ${failures.length} problem(s) in ${checked} story renders (${seconds} s):`);
  for (const f of failures) console.error(`  ✗ ${f}`);
  process.exit(1);
}
console.log(
  `a11y: ${stories.length} stories × ${themes.length} themes = ${checked} renders, no serious or critical axe violation; ` +
    `ExtensionFrame connected through the real bridge and took a theme push without remount; theme colours resolve (${seconds} s)`,
);
