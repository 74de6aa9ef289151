/**
 * `POST /codes`: a person's self-declaration in, their code out (README.md "POST /codes").
 * The colour comes from the rule in colour-rule.ts (never below the colour the health
 * authority set); the code on record is returned again (200) while it still fits the person,
 * and a new one is issued (201) when their colour, masked name, id hint or holder key
 * changed, the issuer key changed, or the code nears its expiry. Every code carries the
 * person's status-list index; with `holderPublicKey` it is holder-bound (a dynamic code).
 */
import { colourOf, withAuthority, type ColourDecision } from '../colour-rule.js';
import { parseDeclaration, type Declaration } from '../declaration.js';
import type { CodeRow, PersonRow, SaveResult } from '../db/store.js';
import { issue, renderPng } from '../healthcode.js';
import { HttpError, readJson, sendJson } from '../http.js';
import { idHashOf, idHintOf, maskName } from '../masking.js';
import type { Route, ServiceContext } from '../router.js';

/** Validity of a code, in seconds (24 h). */
export const CODE_TTL = 24 * 3600;
/** A code on record that expires sooner than this (seconds) is replaced by a new one. */
export const RENEW_BEFORE = 12 * 3600;
/** Pixels per QR module of the PNG in the answer (a version 8 code is then 456 px wide). */
const PNG_SCALE = 8;
/**
 * Times a request decides and signs again when the database changed under it (a status-list
 * snapshot, the same person recorded by another request, the authority's colour). Each
 * conflict needs a write that happened during this request's signing, a fraction of a
 * millisecond: three in a row means something else is wrong.
 */
const MAX_ATTEMPTS = 3;

/** The colour for this declaration, given what the authority set for the person. */
function decide(declaration: Declaration, person: PersonRow | undefined): ColourDecision {
  const authority = person?.authorityStatus ? { status: person.authorityStatus, reason: person.authorityReason ?? '' } : undefined;
  return withAuthority(colourOf(declaration), authority);
}

async function issueFor(ctx: ServiceContext, declaration: Declaration): Promise<Extract<SaveResult, { code: CodeRow }>> {
  const idHash = idHashOf(declaration.idNumber, ctx.idSecret);
  const maskedName = maskName(declaration.name);
  const idHint = idHintOf(declaration.idNumber);
  const holderX = declaration.holderKey?.x ?? null;
  const kid = ctx.keys.issuer.kid;
  for (let attempt = 1; ; attempt++) {
    const person = ctx.store.person(idHash);
    const { status, reason } = decide(declaration, person);
    const stillFits = (current: CodeRow, someone: PersonRow): boolean =>
      current.status === status &&
      current.kid === kid &&
      current.holderX === holderX &&
      current.statusIndex !== null &&
      current.statusIndex === someone.statusIndex &&
      someone.maskedName === maskedName &&
      someone.idHint === idHint &&
      current.expiresAt - ctx.now() > RENEW_BEFORE;
    const current = person && ctx.store.latestCode(person.id);
    if (person && current && stillFits(current, person)) return { code: current, person, created: false };

    const statusIndex = person?.statusIndex ?? ctx.store.reserveStatusIndex(ctx.allocateIndex);
    // Never older than the last status-list snapshot (status-publisher.ts): the list then
    // never speaks for a code it was built without.
    const issuedAt = Math.max(ctx.now(), ctx.store.statusList.read().codeIatFloor);
    const expiresAt = issuedAt + CODE_TTL;
    let code: string;
    try {
      code = await issue({ status, issuedAt, expiresAt, name: maskedName, idHint, statusIndex, ...(declaration.holderKey && { holderKey: declaration.holderKey }) }, ctx.keys.issuer);
    } catch (error) {
      // The library refuses a key that parses but is no usable Ed25519 point (non-canonical, small order).
      if (error instanceof TypeError && /"holderKey/.test(error.message)) throw new HttpError(400, 'BAD_DECLARATION', error.message.replace('"holderKey', '"holderPublicKey'));
      throw error;
    }
    // Re-checked inside the write transaction: a concurrent request for the same person may
    // have stored a code that fits in the meantime.
    const saved = ctx.store.saveCode(
      { idHash, maskedName, idHint, status, reason, kid, code, issuedAt, expiresAt, statusIndex, holderX, authoritySeen: person?.authorityStatus ?? null },
      stillFits,
    );
    if ('code' in saved) return saved;
    if (attempt === MAX_ATTEMPTS) throw new HttpError(503, 'BUSY', `the records changed while the code was made (${saved.conflict}): try again`, { 'Retry-After': '1' });
  }
}

export const codesRoute: Route = {
  method: 'POST',
  path: '/codes',
  cors: true,
  async handle(ctx, req, res) {
    const declaration = parseDeclaration(await readJson(req));
    const { code, person, created } = await issueFor(ctx, declaration);
    const holderBound = code.holderX !== null;
    sendJson(res, created ? 201 : 200, {
      code: code.code,
      status: code.status,
      reason: code.reason,
      issuedAt: code.issuedAt,
      expiresAt: code.expiresAt,
      name: person.maskedName,
      idHint: person.idHint,
      personId: person.ref,
      holderBound,
      // A holder-bound credential shown as it is is refused (HOLDER_PROOF_REQUIRED): the
      // holder's app draws its live presentations instead.
      ...(!holderBound && { png: Buffer.from(renderPng(code.code, { scale: PNG_SCALE })).toString('base64') }),
    });
  },
};
