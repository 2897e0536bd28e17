import { THEME_MODES, type ThemeMode } from '@extsys/protocol/theme';
import { THEME_LABELS } from '../theme.js';

export function ThemeSwitcher({ mode, onChange }: { mode: ThemeMode; onChange: (mode: ThemeMode) => void }) {
  return (
    <label className="theme-switcher">
      <span>Theme</span>
      <select data-testid="theme-switcher" value={mode} onChange={(event) => onChange(event.target.value as ThemeMode)}>
        {THEME_MODES.map((m) => (
          <option key={m} value={m}>
            {THEME_LABELS[m]}
          </option>
        ))}
      </select>
    </label>
  );
}
