import { useCallback, useEffect, useState } from 'react';
import type { HostExtensionList, SessionUser } from '@extsys/protocol/gateway';
import { api, ApiError } from './api.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { useDevEvents } from './dev-events.js';
import { Link } from './components/link.js';
import { ThemeSwitcher } from './components/theme-switcher.js';
import { ToastRegion } from './components/toast-region.js';
import { AdminPage } from './pages/admin-page.js';
import { CustomersPage } from './pages/customers-page.js';
import { ExtensionPage } from './pages/extension-page.js';
import { HomePage } from './pages/home-page.js';
import { LoginPage } from './pages/login-page.js';
import {
  askNavigationGuards,
  customerHref,
  extensionHref,
  matchCustomersRoute,
  matchExtensionRoute,
  navigate,
  useLocation,
} from './router.js';
import { useHostTheme } from './theme.js';

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'user'; user: SessionUser };

export function App() {
  const location = useLocation();
  const { mode, theme, setMode } = useHostTheme();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [listing, setListing] = useState<HostExtensionList>();
  const [error, setError] = useState<string>();

  const loadExtensions = useCallback(async () => {
    try {
      setListing(await api.extensions());
      setError(undefined);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setSession({ state: 'anonymous' });
      else setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  }, []);

  const dev = useDevEvents(session.state === 'user', () => void loadExtensions());

  useEffect(() => {
    api.session().then(
      (user) => setSession(user ? { state: 'user', user } : { state: 'anonymous' }),
      (failure: unknown) => {
        setSession({ state: 'anonymous' });
        setError(failure instanceof ApiError ? failure.message : String(failure));
      },
    );
  }, []);

  useEffect(() => {
    if (session.state === 'user') void loadExtensions();
    else setListing(undefined);
  }, [session, loadExtensions]);

  if (session.state === 'loading') return <p className="boot">Loading…</p>;
  if (session.state === 'anonymous') {
    return <LoginPage onLogin={(user) => setSession({ state: 'user', user })} />;
  }
  const { user } = session;
  const logout = async () => {
    // Signing out unmounts every frame: a dirty one asks first, as for any navigation.
    if (!(await askNavigationGuards())) return;
    await api.logout().catch(() => undefined);
    setSession({ state: 'anonymous' });
    void navigate('/', { replace: true, guarded: false });
  };

  const route = matchExtensionRoute(location);
  const customersRoute = matchCustomersRoute(location);
  const extensions = listing?.extensions ?? [];
  let content;
  if (!listing) content = error ? null : <p role="status">Loading extensions…</p>;
  else if (location === '/admin') content = <AdminPage user={user} onChanged={() => void loadExtensions()} />;
  else if (customersRoute) {
    content = (
      <CustomersPage
        selectedId={customersRoute.id}
        extensions={extensions}
        runnerBase={listing.runnerBase}
        user={user}
        theme={theme}
      />
    );
  } else if (route) {
    const extension = extensions.find((e) => e.extensionId === route.extensionId);
    content = extension ? (
      <ExtensionPage
        key={extension.installId}
        extension={extension}
        path={route.path}
        runnerBase={listing.runnerBase}
        user={user}
        theme={theme}
        buildError={dev.failedBuilds.get(extension.extensionId)}
      />
    ) : (
      <section className="page" data-testid="extension-unavailable">
        <h1>Extension not available</h1>
        <p>
          <code>{route.extensionId}</code> is not installed and enabled for {user.tenantName}.
        </p>
      </section>
    );
  } else content = <HomePage user={user} extensions={extensions} />;

  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand" data-testid="nav-home">
          extsys demo host
        </Link>
        <span className="topbar__tenant" data-testid="current-user">
          {user.displayName} · {user.tenantName}
        </span>
        <ThemeSwitcher mode={mode} onChange={setMode} />
        <button type="button" className="button button--secondary" data-testid="logout" onClick={() => void logout()}>
          Sign out
        </button>
      </header>
      <nav className="sidebar" aria-label="Extensions">
        <ul>
          <li className="sidebar__host">
            <Link href={customerHref()} data-testid="nav-customers" aria-current={customersRoute ? 'page' : undefined}>
              Customers
            </Link>
          </li>
          {extensions
            .filter((e) => e.ui)
            .map((extension) => (
              <li key={extension.extensionId}>
                <Link
                  href={extensionHref(extension.extensionId)}
                  data-testid={`nav-ext-${extension.extensionId}`}
                  aria-current={route?.extensionId === extension.extensionId ? 'page' : undefined}
                >
                  {extension.title}
                </Link>
              </li>
            ))}
          {user.admin && (
            <li className="sidebar__admin">
              <Link href="/admin" data-testid="nav-admin" aria-current={location === '/admin' ? 'page' : undefined}>
                Manage extensions
              </Link>
            </li>
          )}
        </ul>
      </nav>
      <main className="content">
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {content}
      </main>
      <ToastRegion />
      <ConfirmDialog />
    </div>
  );
}
