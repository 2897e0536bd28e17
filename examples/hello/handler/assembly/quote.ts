// `GET /quote`: calls an allow-listed HTTP API (capability `http.fetch`, manifest `http.allow`).
import { FetchOptions, JsonObject, log, parseJson, Request, Response, http } from '@extsys/handler-sdk';

/** Where the quote API lives unless the install config sets `quoteApiOrigin`. Must be in `http.allow`. */
const DEFAULT_ORIGIN = 'http://127.0.0.1:8082';

/** What the quote API answers (unknown keys are skipped). */
@json
class Quote {
  text: string = '';
  author: string = '';
}

/** → `{"text": "...", "author": "...", "source": "http://127.0.0.1:8082"}` */
export function quote(req: Request): Response {
  const origin = req.configString('quoteApiOrigin', DEFAULT_ORIGIN);
  const options = new FetchOptions();
  options.headers = new Map<string, string>().set('accept', 'application/json');
  options.timeoutMs = 3000;
  const res = http.fetch(origin + '/quote', options);
  if (!res.ok) {
    log.warn('quote API call refused: ' + res.error!.code);
    return req.hostFailure(res.error);
  }
  if (res.status != 200) {
    return req.error(502, 'bad_gateway', 'the quote API answered ' + res.status.toString(), true);
  }
  // Someone else's answer: checked like a client's body, but a bad one is the upstream's fault (502).
  const parsed = parseJson<Quote>(res.body, 'the quote API answer');
  if (!parsed.ok) return req.error(502, 'bad_gateway', parsed.error, true);
  const q = parsed.value;
  const answer = new JsonObject().str('text', q.text).str('author', q.author).str('source', origin);
  return Response.rawJson(200, answer.toString());
}
