/**
 * Validators for theme token values. A token value ends up inside a CSS custom property in the
 * extension's document (and in the host's, for the frame chrome), so anything that could leave the
 * declaration or load a resource is refused: `;`, braces, backslashes, comments, `url(`,
 * `expression(`, `image(`, `@`, `!`, angle brackets, and every function not on an allowlist.
 */
const SMUGGLING = /[;{}\\<>@!`]|\/\*|\*\//;
const ALLOWED_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch']);
const FUNCTION_CALL = /([A-Za-z-]+)\s*\(/g;

function onlyAllowedFunctions(value: string): boolean {
  for (const match of value.matchAll(FUNCTION_CALL)) {
    if (!ALLOWED_FUNCTIONS.has((match[1] ?? '').toLowerCase())) return false;
  }
  return true;
}

const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const COLOR_FUNCTION = new RegExp(
  String.raw`^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(\s*(?:${NUMBER}(?:%|deg|rad|turn)?|none)(?:\s*[,\s/]\s*(?:${NUMBER}(?:%|deg|rad|turn)?|none)){2,3}\s*\)$`,
  'i',
);
const COLOR_KEYWORD = /^(?:transparent|currentcolor)$/i;
const LENGTH = new RegExp(String.raw`^(?:0|${NUMBER}(?:px|rem|em|%))$`, 'i');
const DURATION = new RegExp(String.raw`^${NUMBER}(?:ms|s)$`, 'i');
const FONT_FAMILY =
  /^(?:"[A-Za-z0-9 _-]{1,64}"|'[A-Za-z0-9 _-]{1,64}'|[A-Za-z][A-Za-z0-9 _-]{0,63})(?:\s*,\s*(?:"[A-Za-z0-9 _-]{1,64}"|'[A-Za-z0-9 _-]{1,64}'|[A-Za-z][A-Za-z0-9 _-]{0,63}))*$/;
const FONT_WEIGHT = /^(?:[1-9]00|normal|bold)$/;
const UNITLESS = new RegExp(String.raw`^${NUMBER}$`);

export function isColor(value: string): boolean {
  return HEX_COLOR.test(value) || COLOR_KEYWORD.test(value) || COLOR_FUNCTION.test(value);
}

/** `none`, or comma-separated shadows: `[inset] <x> <y> [<blur> [<spread>]] <color>`. */
export function isShadow(value: string): boolean {
  if (value === 'none') return true;
  // Split on commas outside parentheses (colour functions may use commas).
  const shadows: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      shadows.push(value.slice(start, i));
      start = i + 1;
    }
  }
  shadows.push(value.slice(start));
  return shadows.every((shadow) => {
    const parts = shadow.trim().match(/(?:[a-z]+\([^()]*\)|#[0-9a-f]+|[^\s]+)/gi) ?? [];
    if (parts[0] === 'inset') parts.shift();
    const color = parts.pop();
    return (
      color !== undefined &&
      isColor(color) &&
      parts.length >= 2 &&
      parts.length <= 4 &&
      parts.every((p) => LENGTH.test(p))
    );
  });
}

export const TOKEN_KINDS = {
  color: isColor,
  length: (v: string) => LENGTH.test(v),
  fontFamily: (v: string) => FONT_FAMILY.test(v),
  fontWeight: (v: string) => FONT_WEIGHT.test(v),
  number: (v: string) => UNITLESS.test(v),
  shadow: isShadow,
  duration: (v: string) => DURATION.test(v),
} as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

const KIND_DESCRIPTIONS: Record<TokenKind, string> = {
  color: 'a colour (#hex, rgb()/hsl()/oklch()..., transparent or currentColor)',
  length: 'a length (0, or a number with px, rem, em or %)',
  fontFamily: 'a font family list (names, optionally quoted, separated by commas)',
  fontWeight: 'a font weight (100-900, normal or bold)',
  number: 'a unitless number',
  shadow: 'a box shadow ("none" or "<x> <y> [blur] [spread] <colour>", comma-separated)',
  duration: 'a duration (a number with ms or s)',
};

/** Why `value` is not acceptable for a token of `kind`, or undefined when it is. */
export function tokenValueProblem(kind: TokenKind, value: string): string | undefined {
  if (value.length > 200) return 'must be at most 200 characters';
  if (SMUGGLING.test(value) || !onlyAllowedFunctions(value)) {
    return 'contains CSS that is not allowed in a token (";", braces, url(), expression(), comments...)';
  }
  return TOKEN_KINDS[kind](value.trim()) ? undefined : `must be ${KIND_DESCRIPTIONS[kind]}`;
}
