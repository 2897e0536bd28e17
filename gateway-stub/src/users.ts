import type { SessionUser } from '@extsys/protocol';

/**
 * The demo host's people: two tenants, an admin and a member in the first, an admin in the second —
 * enough to show that nothing crosses a tenant boundary.
 */
export const SEEDED_USERS: readonly SessionUser[] = [
  {
    id: 'alice',
    displayName: 'Alice Admin',
    email: 'alice@acme.example',
    tenantId: 'acme',
    tenantName: 'Acme Corp',
    admin: true,
  },
  {
    id: 'bob',
    displayName: 'Bob Member',
    email: 'bob@acme.example',
    tenantId: 'acme',
    tenantName: 'Acme Corp',
    admin: false,
  },
  {
    id: 'carol',
    displayName: 'Carol Admin',
    email: 'carol@globex.example',
    tenantId: 'globex',
    tenantName: 'Globex',
    admin: true,
  },
];

export function findUser(id: string): SessionUser | undefined {
  return SEEDED_USERS.find((user) => user.id === id);
}
