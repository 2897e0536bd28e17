import '@extsys/ui-kit/styles.css';
import type { Decorator, Preview } from '@storybook/react-vite';
import { DEFAULT_TOKENS, THEME_MODES, THEME_TOKEN_NAMES, cssVariable, type ThemeMode } from '@extsys/protocol/theme';

/** Writes the protocol's default tokens of `mode` on :root, as the ext SDK does inside an iframe. */
function applyTokens(mode: ThemeMode) {
  const root = document.documentElement;
  for (const name of THEME_TOKEN_NAMES) root.style.setProperty(cssVariable(name), DEFAULT_TOKENS[mode][name]);
  root.dataset['theme'] = mode;
  root.style.colorScheme = mode === 'light' ? 'light' : 'dark';
}

const withTheme: Decorator = (Story, context) => {
  const mode = (THEME_MODES as readonly string[]).includes(context.globals['theme'] as string)
    ? (context.globals['theme'] as ThemeMode)
    : 'light';
  applyTokens(mode);
  return <Story />;
};

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'extsys theme tokens (protocol defaults)',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'high-contrast', title: 'High contrast' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [withTheme],
  parameters: { layout: 'padded', controls: { expanded: true } },
};
export default preview;
