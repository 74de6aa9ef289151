/**
 * `GET /status-list`: the current signed status list, a Status List Token (CWT, COSE_Sign1)
 * served as `application/statuslist+cwt` (draft-ietf-oauth-status-list §14.7, registered at
 * IANA), the token's own `typ`. Signed again when a colour changed or the last one is over
 * 12 hours old (status-publisher.ts). Public data, readable from any origin; `ETag` /
 * `If-None-Match` make re-syncs cheap.
 */
import { PUBLIC_CORS, type Route } from '../router.js';

/** The media type of a Status List Token in CWT form. */
export const STATUS_LIST_MEDIA_TYPE = 'application/statuslist+cwt';

export const statusListRoute: Route = {
  method: 'GET',
  path: '/status-list',
  async handle(ctx, req, res) {
    const list = await ctx.statusPublisher.current();
    const headers = { ETag: list.etag, 'Cache-Control': 'no-cache', ...PUBLIC_CORS, 'Access-Control-Expose-Headers': 'ETag' };
    if (req.headers['if-none-match'] === list.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': STATUS_LIST_MEDIA_TYPE,
      'Content-Length': list.token.length,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(list.token); // node:http drops the body of a HEAD answer
  },
};
