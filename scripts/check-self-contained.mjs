#!/usr/bin/env node
// Nothing in the project may point outside it: its users never see the team's design notes, so a
// tracked file that sends a reader to them (a path to the folder beside the checkout, or the
// notes' file name) fails `npm run lint`. The project keeps its own docs (docs/architecture.md).
import { execFileSync } from 'node:child_process';

const patterns = ['../' + 'shared/', 'DESIGN' + '.md'];
const hits = [];
for (const pattern of patterns) {
  try {
    // Tracked files only; the lock file names packages, not docs.
    const out = execFileSync('git', ['grep', '-n', '-F', pattern, '--', '.', ':!package-lock.json'], {
      encoding: 'utf8',
    });
    hits.push(...out.split('\n').filter(Boolean));
  } catch (error) {
    if (error.status !== 1) throw error; // 1: no match
  }
}
if (hits.length > 0) {
  console.error(`these lines point outside the project (write what they need into its own docs):\n${hits.join('\n')}`);
  process.exit(1);
}
console.log('self-contained: no tracked file points outside the project');
