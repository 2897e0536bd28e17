import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CliError } from '../cli-error.js';
import type { TemplatePart } from './template.js';

/** A project file: its path relative to the project (with `/`) and its text. */
export type ProjectFiles = Map<string, string>;

/**
 * Template files stored under another name: npm drops a package's `.gitignore` when it packs
 * the CLI (and would apply it as ignore rules), so it is kept as `gitignore`.
 */
const STORED_AS: Record<string, string> = { gitignore: '.gitignore' };

/**
 * A part's section of the project README, not a project file: the sections of the parts, in
 * order, replace `{{partSections}}` in README.md, so each part documents its own files.
 */
const README_SECTION = 'README.section.md';

/** `{{name}}` in a template file: replaced by the value of that name. */
const PLACEHOLDER = /\{\{([A-Za-z]+)\}\}/g;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Reads the parts' files in order (a later part's file replaces an earlier one's at the same
 * path) and fills in the placeholders. An unknown placeholder is a template bug, reported with
 * its file rather than written into the project.
 */
export async function renderTemplate(
  templatesDir: string,
  parts: readonly TemplatePart[],
  values: Readonly<Record<string, string>>,
): Promise<ProjectFiles> {
  const files: ProjectFiles = new Map();
  const sections: string[] = [];
  for (const part of parts) {
    const section = await readFile(join(templatesDir, part.folder, README_SECTION), 'utf8').catch(() => undefined);
    if (section !== undefined) sections.push(section.trim());
  }
  const allValues: Record<string, string> = { ...values, partSections: sections.join('\n\n') };
  for (const part of parts) {
    const partDir = join(templatesDir, part.folder);
    for (const path of (await filesUnder(partDir)).sort()) {
      const stored = relative(partDir, path).split(sep).join('/');
      if (stored === README_SECTION) continue;
      const segments = stored.split('/');
      const last = segments.pop()!;
      const projectPath = [...segments, STORED_AS[last] ?? last].join('/');
      const text = (await readFile(path, 'utf8')).replace(PLACEHOLDER, (match, name: string) => {
        const value = allValues[name];
        if (value === undefined) {
          throw new CliError(
            'template_invalid',
            `${path}: unknown placeholder ${match} (known: ${Object.keys(allValues).join(', ')})`,
          );
        }
        return value;
      });
      files.set(projectPath, text);
    }
  }
  return files;
}
