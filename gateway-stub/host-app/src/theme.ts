// The host's theme: one of the protocol's presets, applied to the host page as the same CSS
// variables extensions get, pushed to open extensions by <ExtensionFrame>, remembered per browser.
import { useEffect, useMemo, useState } from 'react';
import { THEME_MODES, cssVariable, resolveTheme, type ThemeMode, type ThemeTokenName } from '@extsys/protocol/theme';
import type { Theme } from '@extsys/protocol/bridge';

const STORAGE_KEY = 'extsys-demo-theme';

export const THEME_LABELS: Record<ThemeMode, string> = {
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast',
};

function initialMode(): ThemeMode {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved && (THEME_MODES as readonly string[]).includes(saved)) return saved as ThemeMode;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useHostTheme(): { mode: ThemeMode; theme: Theme; setMode: (mode: ThemeMode) => void } {
  const [mode, setMode] = useState<ThemeMode>(initialMode);
  const theme = useMemo(() => resolveTheme(mode), [mode]);
  useEffect(() => {
    const root = document.documentElement;
    for (const [name, value] of Object.entries(theme.tokens)) {
      root.style.setProperty(cssVariable(name as ThemeTokenName), value);
    }
    root.dataset['theme'] = mode;
    root.style.colorScheme = mode === 'light' ? 'light' : 'dark';
    window.localStorage.setItem(STORAGE_KEY, mode);
  }, [mode, theme]);
  return { mode, theme, setMode };
}
