// Entry: connect to the host (handshake, theme, token, initial path, entry point), then render the
// view of the entry point the host mounted (page, panel or modal).
import '@extsys/ui-kit/styles.css';
import './app.css';
import { connect } from '@extsys/ext-sdk';
import { ExtProvider } from '@extsys/ext-sdk/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Surface } from './Surface.js';
import { ConnectFailed, Connecting } from './ConnectState.js';

const ext = connect(); // reads the mount fragment, handshakes with the parent window
// ExtProvider renders a failure (renderError); this only keeps a handshake that fails before
// React's first effect from also being reported as an unhandled rejection.
ext.catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExtProvider ext={ext} fallback={<Connecting />} renderError={(error) => <ConnectFailed error={error} />}>
      <Surface />
    </ExtProvider>
  </StrictMode>,
);
