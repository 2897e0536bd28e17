// Harbor's brand: its own colours on its page, and the same colours handed to extensions as a
// theme override, so an embedded extension looks like part of the product.
import { resolveTheme } from '@extsys/protocol/theme';

export const BRAND = {
  primary: '#0f766e',
  primaryHover: '#115e59',
  primarySubtle: '#ccfbf1',
  background: '#f4fbfa',
  ink: '#12312e',
} as const;

/** The light theme with Harbor's colours (every other token keeps its default). */
export const BRAND_THEME = resolveTheme('light', {
  'color-bg': BRAND.background,
  'color-fg': BRAND.ink,
  'color-primary': BRAND.primary,
  'color-primary-hover': BRAND.primaryHover,
  'color-primary-subtle': BRAND.primarySubtle,
  'color-focus-ring': BRAND.primary,
  'radius-md': '10px',
});
