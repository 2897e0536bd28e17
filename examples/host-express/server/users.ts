// The product's own people and tenants. A real product has a database; two of each show the point.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Tenant {
  id: string;
  name: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  tenant: Tenant;
}

export const TENANTS: Record<string, Tenant> = {
  northwind: { id: 'northwind', name: 'Northwind Traders' },
  globex: { id: 'globex', name: 'Globex' },
};

const USERS: readonly User[] = [
  { id: 'nora', name: 'Nora Lind', email: 'nora@northwind.example', tenant: TENANTS['northwind']! },
  { id: 'gus', name: 'Gus Porter', email: 'gus@globex.example', tenant: TENANTS['globex']! },
];

/** Every account's password is "demo" (a sample, not a product: no password store). */
const PASSWORD_DIGEST = createHash('sha256').update('demo').digest();

export function userById(id: string): User | undefined {
  return USERS.find((user) => user.id === id);
}

/** The user whose name and password these are, compared in constant time. */
export function checkLogin(id: unknown, password: unknown): User | undefined {
  if (typeof id !== 'string' || typeof password !== 'string') return undefined;
  const digest = createHash('sha256').update(password).digest();
  const user = userById(id);
  return timingSafeEqual(digest, PASSWORD_DIGEST) && user ? user : undefined;
}
