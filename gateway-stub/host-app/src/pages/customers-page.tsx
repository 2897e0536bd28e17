import { useMemo } from 'react';
import type { Theme } from '@extsys/protocol/bridge';
import { entryPointsOf } from '@extsys/protocol/manifest';
import type { HostExtension, SessionUser } from '@extsys/protocol/gateway';
import { Link } from '../components/link.js';
import { ExtensionPanel } from '../components/extension-panel.js';
import { CUSTOMERS, customerSubject, findCustomer } from '../customers.js';
import { customerHref } from '../router.js';

interface Props {
  /** The selected customer's id, from `/customers/{id}`; none on `/customers`. */
  selectedId: string | undefined;
  extensions: readonly HostExtension[];
  runnerBase: string;
  user: SessionUser;
  theme: Theme;
}

/**
 * The host's own Customers page: a list, the selected customer's details, and beside them every
 * `panel` entry point of the tenant's extensions, shown for that customer. Selecting another
 * customer pushes the new subject to the mounted panels (no remount).
 */
export function CustomersPage({ selectedId, extensions, runnerBase, user, theme }: Props) {
  const customer = selectedId === undefined ? undefined : findCustomer(selectedId);
  const subject = useMemo(() => (customer ? customerSubject(customer) : undefined), [customer]);
  const panels = useMemo(
    () =>
      extensions.flatMap((extension) =>
        extension.ui
          ? entryPointsOf(extension.ui, extension.title)
              .filter((point) => point.target === 'panel')
              .map((entryPoint) => ({ extension, entryPoint }))
          : [],
      ),
    [extensions],
  );

  return (
    <section className="page customers" aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      <div className="customers__layout">
        <nav aria-label="Customers" className="customers__list">
          <ul>
            {CUSTOMERS.map((c) => (
              <li key={c.id}>
                <Link
                  href={customerHref(c.id)}
                  data-testid={`customer-${c.id}`}
                  aria-current={c.id === customer?.id ? 'page' : undefined}
                >
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {selectedId !== undefined && !customer && (
          <p role="alert" data-testid="customer-not-found">
            No customer <code>{selectedId}</code>.
          </p>
        )}
        {selectedId === undefined && <p className="muted">Select a customer to see their details.</p>}
        {customer && subject && (
          <>
            <article className="card customers__details" data-testid="customer-details" data-customer-id={customer.id}>
              <h2>{customer.name}</h2>
              <dl>
                <dt>Email</dt>
                <dd>{customer.email}</dd>
                <dt>Plan</dt>
                <dd>{customer.plan}</dd>
                <dt>Id</dt>
                <dd>
                  <code>{customer.id}</code>
                </dd>
              </dl>
            </article>
            <aside className="customers__panels" aria-label="Extension panels" data-testid="customer-panels">
              {panels.length === 0 && <p className="muted small">No installed extension has a customer panel.</p>}
              {panels.map(({ extension, entryPoint }) => (
                <ExtensionPanel
                  // Per install and entry point, not per customer: a new selection is pushed, not remounted.
                  key={`${extension.installId}/${entryPoint.id}`}
                  extension={extension}
                  entryPoint={entryPoint}
                  subject={subject}
                  runnerBase={runnerBase}
                  user={user}
                  theme={theme}
                />
              ))}
            </aside>
          </>
        )}
      </div>
    </section>
  );
}
