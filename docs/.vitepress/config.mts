import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type DefaultTheme } from 'vitepress';

const docs = new URL('../', import.meta.url);

/** A page's title: its first heading. */
function titleOf(path: string): string {
  const heading = /^#\s+(.+)$/m.exec(readFileSync(new URL(path, docs), 'utf8'));
  return heading ? heading[1]!.replaceAll('`', '') : path;
}

/** One entry per package page (`packages/*.md`), in the order of the folder. */
function packagePages(): DefaultTheme.SidebarItem[] {
  const folder = new URL('packages/', docs);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ text: titleOf(`packages/${name}`), link: `/packages/${name.replace(/\.md$/, '')}` }));
}

/** The API sidebar TypeDoc wrote (generated: `npm run generate -w @extsys/docs`). */
function apiPages(): DefaultTheme.SidebarItem[] {
  const sidebar = new URL('api/typedoc-sidebar.json', docs);
  return existsSync(sidebar) ? (JSON.parse(readFileSync(sidebar, 'utf8')) as DefaultTheme.SidebarItem[]) : [];
}

export default defineConfig({
  title: 'extsys',
  description: 'An extension system for multi-tenant web products',
  cleanUrls: true,
  lastUpdated: false,
  // Sources that are not pages: this workspace's README and its scripts.
  srcExclude: ['README.md', 'scripts/**', 'node_modules/**'],
  // Dead links fail the build (VitePress's own check; links to a local dev server are examples, not
  // pages); scripts/check-links.mjs then checks every anchor.
  ignoreDeadLinks: 'localhostLinks',
  // Heading ids are VitePress's own (the TypeDoc pages' links assume them): punctuation becomes a
  // dash and a leading digit gets a "_" ("## 7. Transport" → "#_7-transport").
  markdown: { theme: { light: 'github-light', dark: 'github-dark' } },
  themeConfig: {
    search: { provider: 'local' },
    outline: [2, 3],
    nav: [
      { text: 'Guides', link: '/first-extension' },
      { text: 'Reference', link: '/reference/manifest' },
      { text: 'Concepts', link: '/architecture' },
      { text: 'UI kit (Storybook)', link: '/storybook/index.html', target: '_blank' },
    ],
    sidebar: [
      {
        text: 'Guides',
        items: [
          { text: 'Your first extension', link: '/first-extension' },
          { text: 'Embed extsys in your product', link: '/embed-extsys' },
          { text: 'Pages, panels and modals', link: '/surfaces' },
          { text: 'Run extsys in production', link: '/operators' },
        ],
      },
      {
        text: 'Concepts',
        items: [
          { text: 'How extsys works', link: '/architecture' },
          { text: 'Security model', link: '/architecture#security-invariants-and-the-tests-that-prove-them' },
          { text: 'The handshake', link: '/architecture#the-handshake-step-by-step' },
          { text: 'The protocol', link: '/packages/protocol' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Manifest', link: '/reference/manifest' },
          { text: 'Settings', link: '/reference/settings' },
          { text: 'Error codes', link: '/reference/errors' },
          { text: '/v1/execute and the token', link: '/reference/execute' },
          { text: 'Runner ABI v1 (wasm@1)', link: '/abi/runner-abi-v1' },
          { text: 'JavaScript ABI (js@1)', link: '/abi/js-abi-v1' },
          { text: 'UI kit components (Storybook)', link: '/storybook/index.html', target: '_blank' },
          { text: 'Package APIs', collapsed: true, items: apiPages() },
        ],
      },
      { text: 'Packages', collapsed: false, items: packagePages() },
      { text: 'Benchmarks', items: [{ text: 'Measured figures', link: '/benchmarks' }] },
    ],
  },
});
