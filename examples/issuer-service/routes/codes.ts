/**
 * `POST /codes`: a person's self-declaration in, their code out (README.md "POST /codes").
 * The colour comes from the rule in colour-rule.ts; the code on record is returned again
 * (200) while it still fits the person, and a new one is issued (201) when their colour,
 * masked name or id hint changed, the issuer key changed, or the code nears its expiry.
 */
import { colourOf } from '../colour-rule.js';
import { parseDeclaration } from '../declaration.js';
import type { CodeRow, PersonRow } from '../db/store.js';
import { issue, renderPng } from '../healthcode.js';
import { readJson, sendJson } from '../http.js';
import { idHashOf, idHintOf, maskName } from '../masking.js';
import type { Route } from '../router.js';

/** Validity of a code, in seconds (24 h). */
export const CODE_TTL = 24 * 3600;
/** A code on record that expires sooner than this (seconds) is replaced by a new one. */
export const RENEW_BEFORE = 12 * 3600;
/** Pixels per QR module of the PNG in the answer (a version 8 code is then 456 px wide). */
const PNG_SCALE = 8;

export const codesRoute: Route = {
  method: 'POST',
  path: '/codes',
  async handle(ctx, req, res) {
    const declaration = parseDeclaration(await readJson(req));
    const { status, reason } = colourOf(declaration);
    const idHash = idHashOf(declaration.idNumber, ctx.idSecret);
    const maskedName = maskName(declaration.name);
    const idHint = idHintOf(declaration.idNumber);
    const kid = ctx.keys.issuer.kid;
    const now = ctx.now();
    const stillFits = (current: CodeRow, person: PersonRow): boolean =>
      current.status === status &&
      current.kid === kid &&
      person.maskedName === maskedName &&
      person.idHint === idHint &&
      current.expiresAt - ctx.now() > RENEW_BEFORE;

    const person = ctx.store.person(idHash);
    const current = person && ctx.store.latestCode(person.id);
    let saved: { code: CodeRow; created: boolean };
    if (person && current && stillFits(current, person)) {
      saved = { code: current, created: false };
    } else {
      const expiresAt = now + CODE_TTL;
      const code = await issue({ status, issuedAt: now, expiresAt, name: maskedName, idHint }, ctx.keys.issuer);
      // Re-checked inside the write transaction: a concurrent request for the same person may
      // have stored a code that fits in the meantime.
      saved = ctx.store.saveCode({ idHash, maskedName, idHint, status, reason, kid, code, issuedAt: now, expiresAt }, stillFits);
    }
    const { code } = saved;
    sendJson(res, saved.created ? 201 : 200, {
      code: code.code,
      status: code.status,
      reason: code.reason,
      issuedAt: code.issuedAt,
      expiresAt: code.expiresAt,
      name: maskedName,
      idHint,
      png: Buffer.from(renderPng(code.code, { scale: PNG_SCALE })).toString('base64'),
    });
  },
};
