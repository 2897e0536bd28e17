export { THEME_TOKEN_KINDS, THEME_TOKEN_NAMES, cssVariable, type ThemeTokenName } from './tokens.js';
export { TOKEN_KINDS, tokenValueProblem, type TokenKind } from './values.js';
export { THEME_MODES, Theme, ThemeMode, ThemeTokenOverrides, ThemeTokens } from './schema.js';
export { DARK_TOKENS, DEFAULT_TOKENS, HIGH_CONTRAST_TOKENS, LIGHT_TOKENS, resolveTheme } from './defaults.js';
