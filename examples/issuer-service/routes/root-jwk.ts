/**
 * `GET /root.jwk`: the root public key a checkpoint pins (RFC 7517 JWK). A checkpoint should
 * get it from its operator out of band, or compare its `kid` with the operator's; fetching it
 * here on first use trusts this connection once. Public data, readable from any origin.
 */
import { sendJson } from '../http.js';
import { PUBLIC_CORS, type Route } from '../router.js';

export const rootJwkRoute: Route = {
  method: 'GET',
  path: '/root.jwk',
  async handle(ctx, _req, res) {
    sendJson(res, 200, ctx.keys.rootPublic, { 'Content-Type': 'application/jwk+json', 'Cache-Control': 'no-cache', ...PUBLIC_CORS });
  },
};
