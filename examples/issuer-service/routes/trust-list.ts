/**
 * `GET /trust-list`: the signed trust list, a compact JWS (RFC 7515 §7.1) served as
 * `application/jose` (RFC 7515 §9.2.1). Public data, readable from any origin.
 */
import { PUBLIC_CORS, type Route } from '../router.js';

export const trustListRoute: Route = {
  method: 'GET',
  path: '/trust-list',
  async handle(ctx, req, res) {
    const list = await ctx.publisher.current();
    const etag = `"seq-${list.seq}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache', ...PUBLIC_CORS });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/jose',
      'Content-Length': Buffer.byteLength(list.jws),
      // Checkpoints must see a new list as soon as it is signed; validators make re-syncs cheap.
      'Cache-Control': 'no-cache',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      ...PUBLIC_CORS,
    });
    res.end(list.jws); // node:http drops the body of a HEAD answer
  },
};
