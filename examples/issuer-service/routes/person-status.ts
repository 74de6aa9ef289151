/**
 * `POST /people/:id/status`: the health authority sets a person's colour (contact tracing, a
 * test result, recovery) without re-issuing their code: the person's status-list entry
 * changes, and the list is signed again at once (or, when a list was already signed this
 * second, at the first request from the next second on), so checkpoints that sync see the
 * new colour on the code the person already holds. `:id` is the `personId` of `POST /codes`.
 * A declaration can raise the colour later, never lower it below the authority's.
 *
 * Only the authority may call this: the proxy in front of the service must authenticate it
 * (README.md). It is not callable from web pages on other origins.
 */
import { readJson, HttpError, sendJson } from '../http.js';
import type { Route } from '../router.js';
import { parseStatusChange } from '../status-change.js';

/** A person ref: 24 lower-case hex characters (db/store.ts PERSON_REF_BYTES). */
const PERSON_REF = /^[0-9a-f]{24}$/;

export const personStatusRoute: Route = {
  method: 'POST',
  path: '/people/:id/status',
  async handle(ctx, req, res, params) {
    const ref = params.id ?? '';
    const change = parseStatusChange(await readJson(req));
    const known = PERSON_REF.test(ref) ? ctx.store.setAuthorityStatus(ref, change.status, change.reason, ctx.now()) : undefined;
    if (!known) throw new HttpError(404, 'NOT_FOUND', `no person with id "${ref}": use the personId that POST /codes answered`);
    const list = await ctx.statusPublisher.current();
    sendJson(res, 200, {
      personId: known.person.ref,
      status: known.person.status,
      reason: known.person.reason,
      changed: known.changed,
      // Whether the list served now shows the change (false only within the second of another list).
      statusList: { issuedAt: list.issuedAt, expiresAt: list.expiresAt, showsChange: list.version >= known.version },
    });
  },
};
