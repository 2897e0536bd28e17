import { basename } from 'node:path';
import { EXTENSION_ID_PATTERN } from '@extsys/protocol';
import { CliError } from '../cli-error.js';

/** The names a new project gets from its folder's name. */
export interface ProjectNames {
  /** `package.json` name: the folder's name, lower case, url-safe. */
  packageName: string;
  /** `manifest.json` name, the extension id: `com.example.<packageName>`, to be changed to the author's domain. */
  extensionId: string;
  /** `manifest.json` displayName: the words of the name, capitalised (`my-ext` → `My Ext`). */
  displayName: string;
}

/**
 * A placeholder publisher domain: ids are reverse-domain names, and the author's domain is not
 * something the CLI can guess. The README says to change it before the first publish.
 */
const PLACEHOLDER_DOMAIN = 'com.example';

/** What npm and the manifest both accept as a name segment: `a-z`, `0-9` and inner dashes. */
function slugOf(folderName: string): string {
  return folderName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function projectNames(targetDir: string): ProjectNames {
  const folderName = basename(targetDir);
  const packageName = slugOf(folderName);
  const extensionId = `${PLACEHOLDER_DOMAIN}.${packageName}`;
  // The id is checked with the protocol's own rule (the one pack and the gateway apply), so a
  // name that passes here is never refused later.
  if (packageName === '' || !EXTENSION_ID_PATTERN.test(extensionId) || extensionId.length > 128) {
    throw new CliError(
      'invalid_name',
      `the folder name "${folderName}" does not make an extension id (${extensionId === `${PLACEHOLDER_DOMAIN}.` ? 'it has no letter or digit' : extensionId}): ` +
        'name the folder with letters, digits and dashes, e.g. "my-ext"',
    );
  }
  const displayName = packageName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return { packageName, extensionId, displayName };
}
