/**
 * Rule 15 (DESIGN.md "Status list"): what the issuer's status list says about a code that
 * passed rules 3–14. A current list newer than the code gives the colour to act on (or
 * `REVOKED`); without one, the code's own colour stands, unless the verifier requires a list
 * (`STATUS_UNKNOWN`: never "revoked", never "valid"). The choices where DESIGN.md is silent
 * are in docs/status.md, "Verifier semantics".
 */
import { STATUSES, type Status } from './credential/model.js';
import { HealthCodeError } from './errors.js';
import { signerOf, signerTrusted } from './status/signer.js';
import type { StatusList } from './status/status-list.js';
import type { TrustList } from './trust/trust-list.js';

/** The list value meaning revoked (DESIGN.md: 0 green, 1 yellow, 2 red, 3 revoked). */
const REVOKED_VALUE = 3;

/** @internal The status options of a verification, checked once. */
export interface StatusRule {
  /** The signed lists given, by issuer id. */
  readonly byIssuer: ReadonlyMap<string, readonly StatusList[]>;
  readonly require: boolean;
  /**
   * {@link checkStatus}, carried by the rule: this module is loaded only when a verification
   * asks for status lists, so a checkpoint without them never downloads it.
   */
  readonly check: typeof checkStatus;
}

/** @internal What rule 15 adds to a valid result. */
export interface StatusOutcome {
  /** The colour to act on. */
  readonly status: Status;
  readonly statusSource: 'list' | 'code';
  /** Seconds since the list's `iat`, when the colour came from a list. */
  readonly statusListAge?: number;
}

function when(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString().replace('.000Z', 'Z') : String(seconds);
}

/**
 * @internal Checks the `statusLists` and `requireStatus` options; undefined when neither is
 * given (the result then has no status-list fields, as before lists existed).
 *
 * @throws TypeError naming the option on misuse: not an array of signed lists, or two lists
 *   of one issuer with different `sub` (a code does not say which list holds it).
 */
export function statusRuleOf(statusLists: unknown, requireStatus: unknown): StatusRule | undefined {
  if (requireStatus !== undefined && typeof requireStatus !== 'boolean') throw new TypeError('"requireStatus" expected a boolean');
  if (statusLists === undefined && !requireStatus) return undefined;
  if (statusLists !== undefined && !Array.isArray(statusLists)) throw new TypeError('"statusLists" expected an array of StatusList');
  const byIssuer = new Map<string, StatusList[]>();
  for (const [i, value] of ((statusLists ?? []) as unknown[]).entries()) {
    // Only StatusList.fromSigned registers a signer: that is the check for "a signed list".
    if (!signerOf(value)) throw new TypeError(`"statusLists[${i}]" expected a signed StatusList (load it with StatusList.fromSigned)`);
    const list = value as StatusList;
    const { issuer, subject } = list.meta!;
    const same = byIssuer.get(issuer);
    const other = same?.find((l) => l.meta!.subject !== subject);
    if (other) {
      throw new TypeError(
        `"statusLists[${i}]": issuer "${issuer}" has two lists ("${other.meta!.subject}" and "${subject}"); a code does not say which list holds it, so give one list per issuer`,
      );
    }
    if (same) same.push(list);
    else byIssuer.set(issuer, [list]);
  }
  return { byIssuer, require: requireStatus === true, check: checkStatus };
}

/**
 * @internal Rule 15 for a code whose rules 3–14 passed.
 *
 * @throws HealthCodeError `REVOKED` or `STATUS_UNKNOWN`.
 */
export function checkStatus(
  claims: { readonly issuer: string; readonly issuedAt: number; readonly status: Status; readonly statusIndex?: number },
  trust: TrustList,
  now: number,
  tolerance: number,
  rule: StatusRule,
): StatusOutcome {
  const fromCode: StatusOutcome = { status: claims.status, statusSource: 'code' };
  const given = rule.byIssuer.get(claims.issuer) ?? [];
  const held = given.filter((l) => signerTrusted(signerOf(l)!, trust));
  // Current: not past `exp`, nor `iat + ttl` (an offline verifier cannot know when its copy
  // was fetched, but it was no earlier than `iat`), with the same clock tolerance as codes.
  let list: StatusList | undefined;
  for (const l of held) if (now - tolerance <= l.meta!.currentUntil && (!list || l.meta!.issuedAt > list.meta!.issuedAt)) list = l;
  if (!list) {
    if (!rule.require) return fromCode;
    const lastCurrent = held.reduce((latest, l) => Math.max(latest, l.meta!.currentUntil), -Infinity);
    throw new HealthCodeError(
      'STATUS_UNKNOWN',
      given.length === 0
        ? `no status list of issuer "${claims.issuer}" is held here, and this checkpoint requires one: sync the status list while online`
        : held.length === 0
          ? `the status list of issuer "${claims.issuer}" held here was signed by a key this trust list no longer trusts: sync both while online`
          : `the status list of issuer "${claims.issuer}" held here stopped being current at ${when(lastCurrent)}: sync a fresh one while online`,
    );
  }
  const index = claims.statusIndex;
  if (index === undefined) {
    if (!rule.require) return fromCode;
    throw new HealthCodeError('STATUS_UNKNOWN', 'the code carries no status-list index, so the status list cannot confirm it, and this checkpoint requires that');
  }
  // A list no newer than the code was made before the issuer wrote this code's colour: the
  // code itself is the newer word (DESIGN.md: a list "newer than the code's iat").
  const meta = list.meta!;
  if (meta.issuedAt <= claims.issuedAt) return fromCode;
  if (index >= list.size) {
    throw new HealthCodeError(
      'STATUS_UNKNOWN',
      `the code's status-list index ${index} is past the end of issuer "${claims.issuer}"'s list (${list.size} entries): the list says nothing about it`,
    );
  }
  const value = list.get(index);
  if (value === REVOKED_VALUE) throw new HealthCodeError('REVOKED', `the issuer revoked this code (status list of ${when(meta.issuedAt)}): do not accept it`);
  return { status: STATUSES[value]!, statusSource: 'list', statusListAge: Math.max(0, now - meta.issuedAt) };
}
