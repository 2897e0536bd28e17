import { useEffect, useState, type FormEvent } from 'react';
import { ExtensionFrame, type FrameStatus } from '@extsys/react-host';
import { api, ApiError, type App as ExtApp, type Me } from './api.js';
import { BRAND_THEME } from './brand.js';

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    api.me().then(setMe, () => setMe(null));
  }, []);
  if (me === undefined) return null;
  return me ? <Dashboard me={me} onLogout={() => setMe(null)} /> : <Login onLogin={setMe} />;
}

function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    api.login(field('user'), field('password')).then(onLogin, (e: unknown) => {
      setError(e instanceof ApiError ? e.message : 'Could not log in.');
    });
  };
  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <Logo />
        <h1 id="login-title">Log in to Harbor</h1>
        <label>
          User
          <select name="user" defaultValue="nora" data-testid="login-user">
            <option value="nora">nora — Northwind Traders</option>
            <option value="gus">gus — Globex</option>
          </select>
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" data-testid="login-password" />
        </label>
        <p className="hint">The password is “demo”.</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button" data-testid="login-submit">
          Log in
        </button>
      </form>
    </main>
  );
}

function Dashboard({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [apps, setApps] = useState<{ runnerBase: string; apps: ExtApp[] }>();
  useEffect(() => {
    void api.apps().then(setApps);
  }, []);
  const logout = () => void api.logout().then(onLogout);
  return (
    <div className="shell">
      <header className="topbar">
        <Logo />
        <span className="topbar__tenant" data-testid="tenant-name">
          {me.tenant.name}
        </span>
        <span className="topbar__user" data-testid="user-name">
          {me.name}
        </span>
        <button type="button" className="button button--ghost" onClick={logout} data-testid="logout">
          Log out
        </button>
      </header>
      <main className="content">
        <h1>Apps</h1>
        <p className="muted">Extensions installed for {me.tenant.name}, running in Harbor’s look.</p>
        {apps?.apps.map((app) => (
          <AppPanel key={app.id} app={app} runnerBase={apps.runnerBase} me={me} />
        ))}
        {apps && apps.apps.length === 0 && <p>No apps are installed for your team.</p>}
      </main>
    </div>
  );
}

function AppPanel({ app, runnerBase, me }: { app: ExtApp; runnerBase: string; me: Me }) {
  const [status, setStatus] = useState<FrameStatus>('idle');
  const title = app.title ?? app.extensionId;
  return (
    <section className="panel" data-testid="app-panel" data-status={status} data-extension-id={app.extensionId}>
      <h2>{title}</h2>
      <ExtensionFrame
        extensionId={app.extensionId}
        contentHash={app.contentHash}
        installId={app.id}
        version={app.version}
        title={title}
        ui={app.ui}
        runnerBase={runnerBase}
        theme={BRAND_THEME}
        getToken={() => api.extensionToken(app.extensionId)}
        gateway={{ baseUrl: window.location.origin, transport: 'direct' }}
        tenant={{ id: me.tenant.id, displayName: me.tenant.name }}
        onStateChange={setStatus}
        onError={(error) => console.warn(`${title}: ${error.code}: ${error.message}`)}
      />
    </section>
  );
}

function Logo() {
  return (
    <span className="logo" aria-label="Harbor">
      <span className="logo__mark" aria-hidden="true">
        ⚓
      </span>
      Harbor
    </span>
  );
}
