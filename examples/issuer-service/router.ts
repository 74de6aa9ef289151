/**
 * Routing without a framework: each route is a module exporting a {@link Route}; the router
 * matches the path exactly, answers 405 with `Allow` for a known path and another method,
 * 404 otherwise, and turns a thrown {@link HttpError} into its answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from './db/store.js';
import { HttpError, sendError } from './http.js';
import type { ServiceKeys } from './service-keys.js';
import type { TrustListPublisher } from './trust-publisher.js';

/** What every route handler can use. */
export interface ServiceContext {
  readonly store: Store;
  readonly keys: ServiceKeys;
  readonly publisher: TrustListPublisher;
  /** The id-hash secret (see masking.ts). */
  readonly idSecret: Uint8Array;
  /** The service clock, epoch seconds. */
  readonly now: () => number;
}

/** One route: a method, an exact path, and its handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  handle(ctx: ServiceContext, req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Headers that let a checkpoint page on another origin read public data (trust list, root key). */
export const PUBLIC_CORS = Object.freeze({ 'Access-Control-Allow-Origin': '*' });

/** Builds the request listener over a route table. */
export function createRouter(routes: readonly Route[], ctx: ServiceContext, onError: (error: unknown) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = new URL(req.url ?? '/', 'http://service.invalid').pathname;
      const candidates = routes.filter((r) => r.path === path);
      if (candidates.length === 0) throw new HttpError(404, 'NOT_FOUND', `no route ${path}`);
      const route = candidates.find((r) => r.method === req.method || (req.method === 'HEAD' && r.method === 'GET'));
      if (!route) {
        const allow = candidates.map((r) => r.method).join(', ');
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} accepts ${allow}, not ${req.method ?? '?'}`, { Allow: allow });
      }
      await route.handle(ctx, req, res);
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
