import { useState, type FormEvent } from 'react';
import type { SessionUser } from '@extsys/protocol/gateway';
import { api, ApiError } from '../api.js';

/** The seeded users of the gateway-stub (gateway-stub/src/users.ts); all use the demo password. */
const DEMO_USERS = [
  { id: 'alice', label: 'Alice — Acme Corp, admin' },
  { id: 'bob', label: 'Bob — Acme Corp, member' },
  { id: 'carol', label: 'Carol — Globex, admin' },
] as const;

export function LoginPage({ onLogin }: { onLogin: (user: SessionUser) => void }) {
  const [userId, setUserId] = useState<string>('alice');
  const [password, setPassword] = useState('demo');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await api.login(userId, password));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login__card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">extsys demo host</h1>
        <p className="muted">Sign in as one of the demo users. The password is “demo”.</p>
        <label className="field">
          <span>User</span>
          <select data-testid="login-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
            {DEMO_USERS.map((user) => (
              <option key={user.id} value={user.id}>
                {user.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Password</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" data-testid="login-submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
