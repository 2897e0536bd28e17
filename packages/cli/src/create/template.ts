// What a project is made of: a part for everything, one for the UI chosen, one for the handler
// chosen. Each part is a folder of packages/cli/templates and the packages its files import.

export const UI_TEMPLATES = ['react-ts', 'vanilla-ts'] as const;
export type UiTemplate = (typeof UI_TEMPLATES)[number];

export const HANDLER_LANGUAGES = ['ts', 'assemblyscript'] as const;
export type HandlerLanguage = (typeof HANDLER_LANGUAGES)[number];

/** The extsys packages (from the checkout, packed) and the third-party ones (pinned as the checkout pins them). */
export interface PartPackages {
  dependencies: readonly string[];
  devDependencies: readonly string[];
}

export interface TemplatePart {
  /** The folder under templates/. A later part's file replaces an earlier part's at the same path. */
  folder: string;
  packages: PartPackages;
}

/** README, manifest-independent config, the contract shared by UI and handler, its tests. */
const COMMON: TemplatePart = {
  folder: 'common',
  packages: {
    // The contract (src/contract.ts) is zod + @extsys/protocol/contract, imported by both sides.
    dependencies: ['@extsys/protocol', 'zod'],
    devDependencies: ['typescript', 'vitest', 'vite', 'jsdom', '@types/node'],
  },
};

const UI: Record<UiTemplate, TemplatePart> = {
  'react-ts': {
    folder: 'ui-react-ts',
    packages: {
      // @extsys/host-bridge: the ext SDK's dependency (its testing entry re-exports the host
      // bridge's mock host), vendored beside it like @extsys/protocol.
      dependencies: ['@extsys/ext-sdk', '@extsys/host-bridge', '@extsys/ui-kit', 'react', 'react-dom'],
      devDependencies: [
        '@vitejs/plugin-react',
        '@testing-library/react',
        '@testing-library/user-event',
        '@types/react',
        '@types/react-dom',
      ],
    },
  },
  'vanilla-ts': {
    folder: 'ui-vanilla-ts',
    packages: { dependencies: ['@extsys/ext-sdk', '@extsys/host-bridge'], devDependencies: [] },
  },
};

const HANDLER: Record<HandlerLanguage, TemplatePart> = {
  // Bundled into handler/handler.js by `extsys build`: nothing of it is a runtime dependency.
  ts: { folder: 'handler-ts', packages: { dependencies: [], devDependencies: ['@extsys/handler-js'] } },
  assemblyscript: {
    folder: 'handler-assemblyscript',
    packages: { dependencies: [], devDependencies: ['@extsys/handler-sdk', 'assemblyscript', 'json-as'] },
  },
};

/** The manifest's runtime and module for each handler language (the names `extsys build` writes). */
export const HANDLER_RUNTIME: Record<HandlerLanguage, { runtime: string; module: string }> = {
  ts: { runtime: 'js@1', module: 'handler/handler.js' },
  assemblyscript: { runtime: 'wasm@1', module: 'handler/handler.wasm' },
};

export function templateParts(ui: UiTemplate, handler: HandlerLanguage): TemplatePart[] {
  return [COMMON, UI[ui], HANDLER[handler]];
}

/** Whether a package comes from the checkout (packed) rather than the registry. */
export const isExtsysPackage = (name: string) => name.startsWith('@extsys/');
