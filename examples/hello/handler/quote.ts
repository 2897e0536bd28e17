// `GET /quote`: calls an allow-listed HTTP API (capability `http.fetch`, manifest `http.allow`).
import { checkValue } from '@extsys/protocol/contract';
import { HandlerError, HostCallError, http, log, type FetchResult } from '@extsys/handler-js';
import * as z from 'zod/mini';
import type { Endpoints } from './endpoints.js';

/** Where the quote API lives unless the install config sets `quoteApiOrigin`. Must be in `http.allow`. */
const DEFAULT_ORIGIN = 'http://127.0.0.1:8082';

/** What the quote API answers (other keys are ignored). */
const QuoteApiAnswer = z.object({ text: z.string(), author: z.string() });

/** A 502 the UI may retry: the upstream, not the caller, is at fault. */
const badGateway = (message: string) => new HandlerError(502, 'bad_gateway', message, { retriable: true });

/** → `{text, author, source}`, `source` being the origin asked. */
export const quote: Endpoints['quote'] = async ({ req }) => {
  const configured = req.config['quoteApiOrigin'];
  const origin = typeof configured === 'string' && configured !== '' ? configured : DEFAULT_ORIGIN;
  let res: FetchResult;
  try {
    res = await http.fetch(`${origin}/quote`, { headers: { accept: 'application/json' }, timeoutMs: 3000 });
  } catch (error) {
    // A refusal (egress_denied...) or an upstream failure (timeout...) answers the runner's code.
    if (error instanceof HostCallError) log.warn(`quote API call refused: ${error.code}`);
    throw error;
  }
  if (res.status !== 200) throw badGateway(`the quote API answered ${res.status}`);
  // Someone else's answer: checked like a client's body, but a bad one is the upstream's fault (502).
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    throw badGateway("the quote API's answer: is not valid JSON");
  }
  const checked = checkValue(QuoteApiAnswer, parsed, 'answer');
  if (!checked.ok) throw badGateway(`the quote API's ${checked.message}`); // "the quote API's answer.author: ..."

  return { text: checked.value.text, author: checked.value.author, source: origin };
};
