// The host's own records: a small fixed list of customers the demo host owns (no extension's data),
// so a `panel` entry point has a host object to be shown beside.
import type { HostSubject } from '@extsys/protocol/bridge';

export interface Customer {
  /** Lower-case letters, digits and `-`: the records example accepts such ids as link keys. */
  id: string;
  name: string;
  email: string;
  plan: 'free' | 'team' | 'enterprise';
}

export const CUSTOMERS: readonly Customer[] = [
  { id: 'cus-001', name: 'Ada Lovelace', email: 'ada@analytical.example', plan: 'enterprise' },
  { id: 'cus-002', name: 'Grace Hopper', email: 'grace@cobol.example', plan: 'team' },
  { id: 'cus-003', name: 'Alan Turing', email: 'alan@bletchley.example', plan: 'free' },
];

export const findCustomer = (id: string): Customer | undefined => CUSTOMERS.find((customer) => customer.id === id);

/** What a panel receives for a customer: its id and name, and the fields the host chooses to share. */
export const customerSubject = (customer: Customer): HostSubject => ({
  type: 'customer',
  id: customer.id,
  title: customer.name,
  data: { email: customer.email, plan: customer.plan },
});
