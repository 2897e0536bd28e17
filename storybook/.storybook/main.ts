import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: {} },
  // The demo extension page (scripts/build-ext-demo.mjs) is served like the runner would serve it.
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
  viteFinal(config) {
    // Components from source: docs pages get their props from the TypeScript types.
    config.resolve ??= {};
    const existing: { find: string | RegExp; replacement: string }[] = Array.isArray(config.resolve.alias)
      ? (config.resolve.alias as { find: string | RegExp; replacement: string }[])
      : Object.entries((config.resolve.alias ?? {}) as Record<string, string>).map(([find, replacement]) => ({
          find,
          replacement,
        }));
    config.resolve.alias = [
      ...existing,
      { find: /^@extsys\/ui-kit$/, replacement: src('ui-kit') },
      { find: /^@extsys\/react-host$/, replacement: src('react-host') },
    ];
    // Radix ships "use client" directives; they mean nothing in a client bundle.
    config.build ??= {};
    config.build.rollupOptions ??= {};
    config.build.rollupOptions.onwarn = (warning, warn) => {
      if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
    };
    return config;
  },
};
export default config;
