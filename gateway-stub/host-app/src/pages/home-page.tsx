import type { HostExtension, SessionUser } from '@extsys/protocol/gateway';
import { Link } from '../components/link.js';
import { extensionHref } from '../router.js';

export function HomePage({ user, extensions }: { user: SessionUser; extensions: readonly HostExtension[] }) {
  const mountable = extensions.filter((e) => e.ui);
  return (
    <section className="page">
      <h1>Welcome, {user.displayName}</h1>
      <p className="muted">
        {user.tenantName} has {mountable.length} extension{mountable.length === 1 ? '' : 's'} with a UI. Each runs in a
        sandboxed frame served by the runner, from a signed bundle; its API calls go through this host&apos;s gateway.
      </p>
      <ul className="cards">
        {mountable.map((extension) => (
          <li key={extension.extensionId} className="card">
            <h2>
              <Link href={extensionHref(extension.extensionId)}>{extension.title}</Link>
            </h2>
            {extension.description && <p>{extension.description}</p>}
            <p className="muted small">
              {extension.publisher} · v{extension.version}
            </p>
          </li>
        ))}
      </ul>
      {mountable.length === 0 && <p>No extension is enabled for {user.tenantName}.</p>}
    </section>
  );
}
