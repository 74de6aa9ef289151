/**
 * Routing without a framework: each route is a module exporting a {@link Route}; the router
 * matches the path (exactly, or segment by segment where the route has `:name` parameters),
 * answers 405 with `Allow` for a known path and another method, 404 otherwise, CORS
 * preflights for routes that web pages on other origins call, and turns a thrown
 * {@link HttpError} into its answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from './db/store.js';
import { HttpError, sendError } from './http.js';
import type { ServiceKeys } from './service-keys.js';
import type { StatusListPublisher } from './status-publisher.js';
import type { TrustListPublisher } from './trust-publisher.js';

/** What every route handler can use. */
export interface ServiceContext {
  readonly store: Store;
  readonly keys: ServiceKeys;
  readonly publisher: TrustListPublisher;
  readonly statusPublisher: StatusListPublisher;
  /** The status-list index of the n-th person recorded (status-indices.ts). */
  readonly allocateIndex: (n: number) => number;
  /** The id-hash secret (see masking.ts). */
  readonly idSecret: Uint8Array;
  /** The service clock, epoch seconds. */
  readonly now: () => number;
}

/** One route: a method, a path (`/people/:id/status` names a parameter), and its handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /**
   * Callable from web pages on any origin (a holder's page asks for its code): answers
   * carry `Access-Control-Allow-Origin: *` and the router answers the preflight. No cookies
   * or other credentials are involved, so this lends a page no authority it lacks.
   */
  readonly cors?: boolean;
  handle(ctx: ServiceContext, req: IncomingMessage, res: ServerResponse, params: Readonly<Record<string, string>>): Promise<void>;
}

/** Headers that let a checkpoint page on another origin read public data (trust list, root key). */
export const PUBLIC_CORS = Object.freeze({ 'Access-Control-Allow-Origin': '*' });
/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;
/** Longest path parameter: refs are 24 hex characters. */
const MAX_PARAM_LENGTH = 64;

/** The parameters of `path` under `pattern`, or undefined when it does not match. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment.startsWith(':')) {
      if (got[i] === '' || got[i]!.length > MAX_PARAM_LENGTH) return undefined;
      params[segment.slice(1)] = got[i]!;
    } else if (segment !== got[i]) return undefined;
  }
  return params;
}

/** Builds the request listener over a route table. */
export function createRouter(routes: readonly Route[], ctx: ServiceContext, onError: (error: unknown) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = new URL(req.url ?? '/', 'http://service.invalid').pathname;
      const candidates = routes.flatMap((r) => {
        const params = matchPath(r.path, path);
        return params ? [{ route: r, params }] : [];
      });
      if (candidates.length === 0) throw new HttpError(404, 'NOT_FOUND', `no route ${path}`);
      const allow = candidates.map((c) => c.route.method).join(', ');
      const cors = candidates.some((c) => c.route.cors);
      if (cors) res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS' && cors) {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': allow,
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE),
        });
        res.end();
        return;
      }
      const match = candidates.find((c) => c.route.method === req.method || (req.method === 'HEAD' && c.route.method === 'GET'));
      if (!match) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} accepts ${allow}, not ${req.method ?? '?'}`, { Allow: allow });
      await match.route.handle(ctx, req, res, Object.freeze(match.params));
    } catch (error) {
      if (res.headersSent) {
        onError(error);
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        // A body refused for its size is not read: close the connection rather than read it.
        // Any other unread body is small enough to drain, so the connection can be reused.
        if (error.code === 'BODY_TOO_LARGE') res.setHeader('Connection', 'close');
        else if (!req.complete) req.resume();
        sendError(res, error);
        return;
      }
      onError(error);
      sendError(res, new HttpError(500, 'INTERNAL', 'internal error: nothing was recorded, try again'));
    }
  };
}
