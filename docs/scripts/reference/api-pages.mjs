import { Application } from 'typedoc';
import { repoRoot } from './built-module.mjs';

/** The public packages whose TypeScript API the site documents (handler-sdk is AssemblyScript). */
export const API_PACKAGES = [
  'protocol',
  'ext-sdk',
  'host-bridge',
  'react-host',
  'ui-kit',
  'host-server',
  'bundle',
  'handler-js',
  'service',
];

/**
 * The API reference of every public package, by TypeDoc from the sources and their doc comments:
 * one markdown page per entry point (`@extsys/ext-sdk`, `@extsys/ext-sdk/react`...), written under
 * `docs/api/` with a sidebar file VitePress reads.
 */
export async function writeApiPages(outDir) {
  const app = await Application.bootstrapWithPlugins({
    entryPointStrategy: 'packages',
    entryPoints: API_PACKAGES.map((name) => `${repoRoot}packages/${name}`),
    packageOptions: {
      tsconfig: 'tsconfig.build.json',
      readme: 'none',
      excludeInternal: true,
      excludeExternals: true,
      disableSources: true,
    },
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: outDir,
    docsRoot: `${outDir}/..`,
    outputFileStrategy: 'modules',
    // TypeDoc names its anchors itself (a member "state" of Ext is "#extstate"): explicit anchors
    // keep its links right whatever ids the site gives headings.
    useHTMLAnchors: true,
    readme: 'none',
    excludePrivate: true,
    excludeInternal: true,
    // Members inherited from React's and Node's types (every DOM prop of a ui-kit component) are
    // those libraries' docs: listing them made the ui-kit page 1.7 MB and the site build 100 s.
    excludeExternals: true,
    disableSources: true,
    hideGenerator: true,
    // Internal helper types an exported signature mentions are left out on purpose: warnings about
    // them would drown the ones that matter (a broken link in a doc comment).
    validation: { notExported: false, invalidLink: true },
    logLevel: 'Warn',
  });
  const project = await app.convert();
  if (!project || app.logger.hasErrors()) throw new Error('TypeDoc could not read the packages (see the errors above)');
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error('TypeDoc could not write the API pages (see the errors above)');
}
