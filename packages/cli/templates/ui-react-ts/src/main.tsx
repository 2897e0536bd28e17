// Entry: connect to the host (handshake, theme, token), then render the app inside ExtProvider.
import '@extsys/ui-kit/styles.css';
import './app.css';
import { connect } from '@extsys/ext-sdk';
import { ExtProvider } from '@extsys/ext-sdk/react';
import { Spinner } from '@extsys/ui-kit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ErrorMessage } from './ErrorMessage.js';

const ext = connect(); // reads the mount fragment, handshakes with the parent window
// ExtProvider renders a failure (renderError); this only keeps a handshake that fails before
// React's first effect from also being reported as an unhandled rejection.
ext.catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExtProvider
      ext={ext}
      fallback={<Spinner label="Connecting to the host…" />}
      renderError={(error) => (
        <ErrorMessage testId="connect-error" title="Could not connect to the host" error={error} />
      )}
    >
      <App />
    </ExtProvider>
  </StrictMode>,
);
