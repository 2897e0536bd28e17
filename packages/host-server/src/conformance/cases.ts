import { corsCases } from './cors-cases.js';
import { limitCases, rateLimitCase } from './limit-cases.js';
import { routingCases } from './routing-cases.js';
import { runnerCases } from './runner-cases.js';
import { smugglingCases } from './smuggling-cases.js';
import type { ConformanceCase } from './target.js';
import { tokenCases } from './token-cases.js';

/**
 * Every case, in the order to run them against one target (one after the other): the rate-limit
 * case is last, since it spends its install's burst.
 */
export const conformanceCases: readonly ConformanceCase[] = [
  ...tokenCases,
  ...routingCases,
  ...corsCases,
  ...smugglingCases,
  ...limitCases,
  ...runnerCases,
  rateLimitCase,
];
