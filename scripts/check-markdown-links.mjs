#!/usr/bin/env node
// Every relative link in the repository's markdown (READMEs, guides) must reach a tracked file, and
// every `#anchor` a heading of the markdown file it names (GitHub's heading ids, as these files are
// read on a forge or in an editor). The docs site's pages are checked as built HTML by
// `npm run docs:build` instead. External links are not fetched.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

// The docs site's pages (docs/) link to pages generated at build time: the site build checks them.
const tracked = execFileSync('git', ['ls-files', '-z', '--', '*.md', ':!docs/'], { encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

/** Markdown without its fenced code blocks, where a `# x` is not a heading. */
function withoutFences(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** ...and without inline code, where a `[x](y)` is not a link. */
function prose(text) {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(file) {
  const anchors = new Set();
  const seen = new Map();
  for (const match of withoutFences(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = text
      .replaceAll('`', '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replaceAll(' ', '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of readFileSync(file, 'utf8').matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

const problems = [];
let checked = 0;
for (const file of tracked) {
  for (const match of prose(readFileSync(file, 'utf8')).matchAll(
    /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
  )) {
    const link = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue; // external
    // A site-absolute path (/storybook/...) only means something on the docs site.
    if (link.startsWith('/')) continue;
    checked++;
    const [path, anchor] = link.split('#', 2);
    const target = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
    if (!existsSync(target)) {
      problems.push(`${file}: link to "${link}" reaches no file`);
      continue;
    }
    if (anchor && statSync(target).isFile() && target.endsWith('.md') && !anchorsOf(target).has(anchor)) {
      problems.push(`${file}: link to "${link}" names "#${anchor}", which ${target} has no heading for`);
    }
  }
}
if (problems.length > 0) {
  console.error(`markdown links: ${problems.length} broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`markdown links: ${checked} relative links in ${tracked.length} files reach their file and heading`);
