// 120 deterministic records, generated from the id: the same on every call, tenant and machine.
import { Rec, STATUSES } from './record';

export const TOTAL: i32 = 120;

const ADJECTIVES = [
  'Aurora',
  'Boreal',
  'Cobalt',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
];
const NOUNS = [
  'Logistics',
  'Analytics',
  'Foods',
  'Studios',
  'Labs',
  'Partners',
  'Systems',
  'Energy',
  'Health',
  'Media',
];
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Margaret',
  'Niklaus',
  'Radia',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Wirth',
  'Perlman',
  'Lee',
];

/** The generated record `id` (1..TOTAL). Names are unique: 12 adjectives × 10 nouns = 120. */
export function seedRecord(id: i32): Rec {
  const i = id - 1;
  const r = new Rec();
  r.id = id;
  r.name = ADJECTIVES[i % 12] + ' ' + NOUNS[(i / 12 + i) % 10];
  r.owner = FIRST[(i * 5) % 12] + ' ' + LAST[(i * 7) % 12];
  r.status = STATUSES[(i * 7 + i / 5) % 3];
  r.amountCents = <i64>(((i * 7919 + 104729) % 500000) + 1000);
  return r;
}
