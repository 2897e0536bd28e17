/**
 * Writes the generated pages of the docs site from the code: the manifest, settings, error code and
 * `/v1/execute` references, the packages' API (TypeDoc) and the UI kit's Storybook. They are build output (git-ignored):
 * the code is their only source. Needs the repository built (`npm run build`).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manifestPage } from './reference/manifest-page.mjs';
import { settingsPage } from './reference/settings-page.mjs';
import { errorsPage } from './reference/errors-page.mjs';
import { executePage } from './reference/execute-page.mjs';
import { writeApiPages } from './reference/api-pages.mjs';
import { copyStorybook } from './reference/storybook-copy.mjs';

const docs = fileURLToPath(new URL('../', import.meta.url));
const started = performance.now();
const step = async (label, work) => {
  const at = performance.now();
  await work();
  console.log(`docs: ${label} (${Math.round(performance.now() - at)} ms)`);
};

try {
  await rm(`${docs}reference`, { recursive: true, force: true });
  await mkdir(`${docs}reference`, { recursive: true });
  await mkdir(`${docs}public`, { recursive: true });
  await step('reference/manifest.md and manifest.schema.json', async () => {
    const { page, jsonSchema } = await manifestPage();
    await writeFile(`${docs}reference/manifest.md`, page);
    await writeFile(`${docs}public/manifest.schema.json`, `${JSON.stringify(jsonSchema, null, 2)}\n`);
  });
  await step('reference/settings.md', async () => writeFile(`${docs}reference/settings.md`, await settingsPage()));
  await step('reference/errors.md', async () => writeFile(`${docs}reference/errors.md`, await errorsPage()));
  await step('reference/execute.md', async () => writeFile(`${docs}reference/execute.md`, await executePage()));
  await step('api/ (TypeDoc)', async () => {
    await rm(`${docs}api`, { recursive: true, force: true });
    await writeApiPages(`${docs}api`);
  });
  await step('public/storybook (the UI kit)', () => copyStorybook(`${docs}public`));
  console.log(`docs: generated in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
