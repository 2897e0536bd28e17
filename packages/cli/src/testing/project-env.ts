/**
 * The environment to run npm (and the project's own tools) in a project `extsys create` made, from
 * inside a test runner: this process's, without what npm, vitest and Playwright set for *this* run
 * (an inherited `npm_config_local_prefix` or `npm_package_*` would make the child npm install into
 * the repository; `VITEST_*` would confuse the project's own vitest), keeping the registry, cache
 * and user config, preferring the npm cache the checkout's `npm ci` filled, in plain text.
 */
export function projectEnv(): NodeJS.ProcessEnv {
  const keptNpmConfig = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !keptNpmConfig.has(lower)) continue;
    if (/^(vitest.*|node_env|test|init_cwd|force_color)$/.test(lower)) continue;
    env[key] = value;
  }
  return {
    ...env,
    // Plain lines (Playwright's runner sets FORCE_COLOR, which would win over NO_COLOR).
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
}
