import * as z from 'zod/mini';
import { check } from '../primitives/checks.js';
import { THEME_TOKEN_KINDS, THEME_TOKEN_NAMES, type ThemeTokenName } from './tokens.js';
import { tokenValueProblem, type TokenKind } from './values.js';

export const THEME_MODES = ['light', 'dark', 'high-contrast'] as const;
export const ThemeMode = z.enum(THEME_MODES);
export type ThemeMode = z.infer<typeof ThemeMode>;

function tokenValue(kind: TokenKind) {
  return z.string().check(
    z.refine(check('tokenValue', kind), {
      // The message is computed per value so that a person sees what was wrong with theirs.
      error: (issue) => tokenValueProblem(kind, String(issue.input)) ?? 'is not a valid token value',
    }),
  );
}

type TokenShape = { [K in ThemeTokenName]: ReturnType<typeof tokenValue> };
const tokenShape = Object.fromEntries(
  THEME_TOKEN_NAMES.map((name) => [name, tokenValue(THEME_TOKEN_KINDS[name])]),
) as TokenShape;

/** A complete token set: every token present, each value valid for its kind, nothing else. */
export const ThemeTokens = z.strictObject(tokenShape);
export type ThemeTokens = z.infer<typeof ThemeTokens>;

/** What a host may pass to override the defaults of a mode: any subset of the tokens. */
export const ThemeTokenOverrides = z.partial(ThemeTokens);
export type ThemeTokenOverrides = z.infer<typeof ThemeTokenOverrides>;

/** A theme as the host sends it: the mode (drives `color-scheme`) and the full token set. */
export const Theme = z.strictObject({ mode: ThemeMode, tokens: ThemeTokens });
export type Theme = z.infer<typeof Theme>;
