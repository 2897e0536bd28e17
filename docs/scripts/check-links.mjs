/**
 * Checks every link of the built site: each internal link must reach a page or file of the site,
 * and each `#anchor` an element id on the page it names (VitePress checks pages but not anchors).
 * External links (http, mailto) are not fetched: the build must not depend on the network.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const site = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
/** Copied in as is (its own links are Storybook's business); links into it must still resolve. */
const VENDORED = ['storybook/'];

function htmlFiles(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return VENDORED.includes(`${relative(site, path)}/`) ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const decode = (text) =>
  text
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');

const idsByFile = new Map();
function idsOf(file) {
  let ids = idsByFile.get(file);
  if (!ids) {
    ids = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]*)"/g)].map((match) => decode(match[1])));
    idsByFile.set(file, ids);
  }
  return ids;
}

/** The file a site path serves, as VitePress's clean URLs do: `/a/b` → `a/b.html` or `a/b/index.html`. */
function fileOf(sitePath) {
  const path = join(site, decodeURIComponent(sitePath));
  const candidates = sitePath.endsWith('/')
    ? [join(path, 'index.html')]
    : [path, `${path}.html`, join(path, 'index.html')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

if (!existsSync(site)) {
  console.error('check-links: no built site; run "npm run docs:build"');
  process.exit(1);
}
const problems = [];
const pages = htmlFiles(site);
let checked = 0;
for (const page of pages) {
  const pagePath = `/${relative(site, page).split('\\').join('/')}`;
  const html = readFileSync(page, 'utf8');
  for (const match of html.matchAll(/<(?:a|img|link)\s[^>]*?(?:href|src)="([^"]*)"/g)) {
    const link = decode(match[1]);
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue; // external
    checked++;
    const [pathAndQuery, fragment] = link.split('#', 2);
    const path = pathAndQuery.split('?', 1)[0];
    const target = path === '' ? page : fileOf(path.startsWith('/') ? path : posix.join(posix.dirname(pagePath), path));
    if (!target) {
      problems.push(`${pagePath}: link to "${link}" reaches no page or file`);
      continue;
    }
    if (fragment && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(fragment))) {
      problems.push(`${pagePath}: link to "${link}" names an anchor "#${fragment}" that its page does not have`);
    }
  }
}
if (problems.length > 0) {
  console.error(`check-links: ${problems.length} broken link(s) in the built site:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-links: ${checked} internal links on ${pages.length} pages, all reach their page and anchor`);
