import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from './errors.js';

/**
 * The header a body-less call sends instead of a JSON body (`POST /api/logout`, say). Any value: it
 * only has to be a header a cross-site page cannot send without a CORS preflight, which these
 * routes never grant.
 */
export const SAME_ORIGIN_REQUEST_HEADER = 'x-requested-with';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `none`: the user's own action (typed URL, bookmark), never another page's. */
const ALLOWED_FETCH_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

export interface SameSiteGuardOptions {
  /** The gateway's own public origin (`GATEWAY_ISSUER`): the only `Origin` accepted. */
  publicOrigin: string;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Why a request that the session cookie would authenticate must be refused, or undefined. */
function crossSiteProblem(request: FastifyRequest, publicOrigin: string): string | undefined {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && !ALLOWED_FETCH_SITES.has(fetchSite)) {
    return `the browser says this request came from another page (Sec-Fetch-Site: ${fetchSite}); this route takes requests from the host page itself only`;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== publicOrigin) {
    return `requests from ${origin} are refused: only the gateway's own origin (${publicOrigin}, GATEWAY_ISSUER) may call this route with the session cookie`;
  }
  if (!isJson(request.headers['content-type']) && request.headers[SAME_ORIGIN_REQUEST_HEADER] === undefined) {
    return `send a JSON body (Content-Type: application/json) or the ${SAME_ORIGIN_REQUEST_HEADER} header: a form or text/plain post is what a cross-site page can send`;
  }
  return undefined;
}

/**
 * Refuses cross-site requests to the routes registered in `app` that the session cookie
 * authenticates: every state-changing call (not GET, HEAD or OPTIONS) must come from the host page
 * itself. SameSite=Lax alone did not stop it: logging out needs no cookie (a cross-site form post
 * was answered with the cookie cleared), and "same-site" includes every port and sibling subdomain
 * of the host's name (a no-cors fetch from one logged the user out). So, in order:
 * `Sec-Fetch-Site`, when the browser sends it, is `same-origin` or `none`; `Origin`, when sent, is
 * the gateway's own; and the call is one no page can send cross-site without a CORS preflight (a
 * JSON body, or the `x-requested-with` header), which covers browsers that send neither header.
 *
 * A call with an `Authorization` header is not cookie-authenticated (the admin token; a browser
 * attaches that header cross-site only after a preflight): it passes.
 *
 * Added as an `onRequest` hook of `app`, so a refusal comes before the body is read. Register the
 * cookie-authenticated routes in `app` and nothing else: the extension API has its own rules
 * (bearer tokens and CORS for the runner's origin).
 */
export function useSameSiteGuard(app: FastifyInstance, options: SameSiteGuardOptions): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization !== undefined) return;
    const problem = crossSiteProblem(request, options.publicOrigin);
    if (problem === undefined) return;
    request.log.warn(
      {
        audit: 'same_site.refused',
        method: request.method,
        url: request.url,
        origin: request.headers.origin,
        fetchSite: request.headers['sec-fetch-site'],
        contentType: request.headers['content-type'],
      },
      'cross-site request refused',
    );
    throw new GatewayError('forbidden', problem);
  });
}
