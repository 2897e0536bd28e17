import { Request } from './request';
import { Response } from './response';

/** A route handler: a top-level function (AssemblyScript has no closures). */
export type Handler = (req: Request) => Response;

class Route {
  constructor(
    public method: string,
    public segments: string[],
    public fn: Handler,
  ) {}
}

function split(path: string): string[] {
  const out: string[] = [];
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

/**
 * Routes a call to a handler: first by the manifest handler name the runner sends
 * (`route.handler`, registered with `handler()`), then by method + path pattern (`get("/items/:id")`).
 * `:name` segments capture one path segment; a final `*` matches the rest. No match: 404, a path
 * match with another method: 405, both with the system's JSON error body.
 */
export class Router {
  private routes: Route[] = [];
  private named: Map<string, Handler> = new Map<string, Handler>();

  /** Binds a manifest endpoint's handler name. */
  handler(name: string, fn: Handler): Router {
    this.named.set(name, fn);
    return this;
  }
  on(method: string, pattern: string, fn: Handler): Router {
    this.routes.push(new Route(method.toUpperCase(), split(pattern), fn));
    return this;
  }
  get(pattern: string, fn: Handler): Router {
    return this.on('GET', pattern, fn);
  }
  post(pattern: string, fn: Handler): Router {
    return this.on('POST', pattern, fn);
  }
  put(pattern: string, fn: Handler): Router {
    return this.on('PUT', pattern, fn);
  }
  patch(pattern: string, fn: Handler): Router {
    return this.on('PATCH', pattern, fn);
  }
  delete(pattern: string, fn: Handler): Router {
    return this.on('DELETE', pattern, fn);
  }
  /** Any method. */
  all(pattern: string, fn: Handler): Router {
    return this.on('*', pattern, fn);
  }

  /** Params of `path` against a route's segments, or null if it does not match. */
  private match(segments: string[], path: string[]): Map<string, string> | null {
    const params = new Map<string, string>();
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (seg == '*' && i == segments.length - 1) {
        params.set('*', path.slice(i).join('/'));
        return params;
      }
      if (i >= path.length) return null;
      if (seg.startsWith(':')) params.set(seg.substring(1), path[i]);
      else if (seg != path[i]) return null;
    }
    return segments.length == path.length ? params : null;
  }

  dispatch(req: Request): Response {
    if (req.handler.length > 0 && this.named.has(req.handler)) return this.named.get(req.handler)(req);
    const path = split(req.path);
    let pathMatched = false;
    for (let i = 0; i < this.routes.length; i++) {
      const route = this.routes[i];
      const params = this.match(route.segments, path);
      if (params === null) continue;
      pathMatched = true;
      if (route.method != '*' && route.method != req.method) continue;
      const found = changetype<Map<string, string>>(params);
      const keys = found.keys();
      for (let k = 0; k < keys.length; k++) req.params.set(keys[k], found.get(keys[k]));
      return route.fn(req);
    }
    if (pathMatched) return req.error(405, 'method_not_allowed', req.method + ' is not allowed on ' + req.path);
    return req.error(404, 'not_found', 'no route for ' + req.method + ' ' + req.path);
  }
}

/** The router `handle` dispatches to: register routes on it at the top level of your module. */
export const app = new Router();
