import { peekMode } from './fragment.js';
import { applyColorScheme } from './theme.js';

// Side effect on purpose: the colour scheme from the URL fragment is applied the moment the SDK
// module is evaluated, before connect() and before first paint (no flash of the wrong theme).
if (typeof document !== 'undefined' && typeof location !== 'undefined') {
  const mode = peekMode(location.hash);
  if (mode) applyColorScheme(mode);
}
