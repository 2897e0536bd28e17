import { useCallback, useEffect, useState } from 'react';
import type { InstallView, SessionUser, VersionView } from '@extsys/protocol/gateway';
import { api, ApiError } from '../api.js';

interface Props {
  user: SessionUser;
  /** Called after an install changed, so the menu follows. */
  onChanged: () => void;
}

/** The tenant's installs (a tenant admin's view of the gateway's admin API): versions, hashes, grants, on/off. */
export function AdminPage({ user, onChanged }: Props) {
  const [installs, setInstalls] = useState<InstallView[]>();
  const [versions, setVersions] = useState<VersionView[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  const load = useCallback(async () => {
    try {
      const [nextInstalls, nextVersions] = await Promise.all([api.installs(), api.versions()]);
      setInstalls(nextInstalls);
      setVersions(nextVersions);
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  }, []);

  useEffect(() => {
    if (user.admin) void load();
  }, [user.admin, load]);

  if (!user.admin) {
    return (
      <section className="page">
        <h1>Extensions</h1>
        <p role="alert" data-testid="admin-forbidden">
          Only administrators manage extensions; {user.displayName} is a member of {user.tenantName}.
        </p>
      </section>
    );
  }

  const toggle = async (install: InstallView) => {
    setBusy(install.id);
    try {
      const updated = await api.updateInstall(install.id, { enabled: !install.enabled });
      setInstalls((current) => current?.map((i) => (i.id === updated.id ? updated : i)));
      setError(undefined);
      onChanged();
    } catch (failure) {
      setError(failure instanceof ApiError ? `${failure.message} [${failure.code}]` : String(failure));
    } finally {
      setBusy(undefined);
    }
  };

  const titleOf = (install: InstallView) =>
    versions.find((v) => v.extensionId === install.extensionId && v.version === install.version)?.title ??
    install.extensionId;

  return (
    <section className="page" aria-labelledby="admin-title">
      <h1 id="admin-title">Extensions of {user.tenantName}</h1>
      <p className="muted">
        Every install runs one signed bundle, named by its content hash, with the capabilities granted here.
      </p>
      {error && (
        <p className="error-text" role="alert" data-testid="admin-error">
          {error}
        </p>
      )}
      {installs === undefined && !error && <p role="status">Loading installs…</p>}
      {installs && (
        <table className="admin-table" data-testid="admin-table">
          <thead>
            <tr>
              <th scope="col">Extension</th>
              <th scope="col">Version</th>
              <th scope="col">Content hash</th>
              <th scope="col">Grants</th>
              <th scope="col">Egress</th>
              <th scope="col">Enabled</th>
            </tr>
          </thead>
          <tbody>
            {installs.map((install) => (
              <tr
                key={install.id}
                data-testid={`admin-row-${install.extensionId}`}
                data-enabled={String(install.enabled)}
              >
                <th scope="row">
                  {titleOf(install)}
                  <div className="muted small">
                    <code>{install.extensionId}</code>
                  </div>
                </th>
                <td>{install.version}</td>
                <td>
                  <code className="hash" title={install.contentHash}>
                    {install.contentHash}
                  </code>
                </td>
                <td>
                  <ul className="chips">
                    {install.grants.map((grant) => (
                      <li key={grant} className="chip">
                        {grant}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {install.egress.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    install.egress.map((origin) => (
                      <div key={origin}>
                        <code>{origin}</code>
                      </div>
                    ))
                  )}
                </td>
                <td>
                  <label className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      data-testid={`admin-toggle-${install.extensionId}`}
                      aria-label={`Enable ${titleOf(install)}`}
                      checked={install.enabled}
                      disabled={busy === install.id}
                      onChange={() => void toggle(install)}
                    />
                    <span>{install.enabled ? 'On' : 'Off'}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
