/**
 * The status list (DESIGN.md "Status list"): 2 bits per code, indexed by the code's claim
 * -65537/4, packed as the IETF Token Status List draft packs them (draft-ietf-oauth-status-list
 * §4.1: entry i in byte i >> 2, at bits 2·(i & 3) and up, counted from the least significant).
 * Values: 0 green, 1 yellow, 2 red, 3 revoked. See docs/status.md.
 */
import { assertBytes, describe as describeValue } from '../codec/bytes.js';
import type { Ed25519Backend } from '../crypto/backend.js';
import type { TimeInput } from '../time.js';
import type { TrustList } from '../trust/trust-list.js';
import { ENTRIES_PER_BYTE, STATUS_LIST_MAX_ENTRIES } from './limits.js';
import { registerSigner } from './signer.js';
import { readStatusListToken } from './token.js';

export { STATUS_LIST_BITS, STATUS_LIST_MAX_ENTRIES, STATUS_LIST_MAX_BYTES, STATUS_LIST_MAX_TOKEN_BYTES } from './limits.js';

/** Entry values (DESIGN.md): the three colours of a code, and revoked. */
export const STATUS_LIST_VALUES = Object.freeze({ green: 0, yellow: 1, red: 2, revoked: 3 } as const);

/** One entry: 0 green, 1 yellow, 2 red, 3 revoked. */
export type StatusListValue = 0 | 1 | 2 | 3;

/** What a signed list says about itself, as checked when it was loaded. */
export interface StatusListMeta {
  /** The issuer id (`iss`, claim 1), bound to the signing key by the trust list. */
  readonly issuer: string;
  /** The list's URI (`sub`, claim 2). */
  readonly subject: string;
  /** `iat` (claim 6): the time of the snapshot the list was built from. */
  readonly issuedAt: number;
  /** `exp` (claim 4). */
  readonly expiresAt: number;
  /** `ttl` (claim 65534), seconds, when present. */
  readonly ttl?: number;
  /** The list is current up to and including this time: `exp`, or `iat + ttl` when earlier. */
  readonly currentUntil: number;
  /** kid of the key that signed it, base64url. */
  readonly kid: string;
}

/** Options of {@link StatusList.fromSigned}. */
export interface StatusListLoadOptions {
  /** The verifier's clock (default: now): a list issued after it (beyond the tolerance) is refused. */
  readonly now?: TimeInput;
  /** Seconds of clock skew tolerated for the list's `iat` (default 300). */
  readonly clockTolerance?: number;
  /** Signature backend; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}

function checkSize(size: unknown, name: string): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    throw new TypeError(`"${name}" expected a positive integer, got ${typeof size === 'number' ? size : describeValue(size)}`);
  }
  if (size > STATUS_LIST_MAX_ENTRIES) throw new RangeError(`"${name}" is ${size}, over the limit of ${STATUS_LIST_MAX_ENTRIES} entries`);
  return size;
}

/**
 * A status list: `size` entries of 2 bits, all green (0) when new. An issuer sets entries and
 * signs the list with `signStatusList`; a verifier loads a signed one with
 * {@link StatusList.fromSigned} and hands it to `verify` as `statusLists`.
 *
 * @example
 * ```ts
 * const list = new StatusList(50_000_000);
 * list.set(statusIndex, STATUS_LIST_VALUES.red);
 * list.get(statusIndex); // 2
 * ```
 */
export class StatusList {
  /** Number of entries; valid indices are 0 … size − 1. */
  readonly size: number;
  #bytes: Uint8Array;
  #meta: StatusListMeta | undefined;

  /**
   * A new list of `size` green entries.
   *
   * @throws TypeError when `size` is not a positive integer; RangeError over {@link STATUS_LIST_MAX_ENTRIES}.
   */
  constructor(size: number) {
    this.size = checkSize(size, 'size');
    // A zero-filled buffer: the runtime maps it lazily, so a list adopted by fromBytes or
    // fromSigned never pays for this one.
    this.#bytes = new Uint8Array(Math.ceil(this.size / ENTRIES_PER_BYTE));
    this.#meta = undefined;
  }

  /** For a list loaded with {@link StatusList.fromSigned}: what its token says; undefined otherwise. */
  get meta(): StatusListMeta | undefined {
    return this.#meta;
  }

  /**
   * The value at `index`: two array operations, no allocation.
   *
   * @throws RangeError when `index` is not an integer in 0 … size − 1.
   * @example
   * ```ts
   * if (list.get(i) === STATUS_LIST_VALUES.revoked) refuse();
   * ```
   */
  get(index: number): StatusListValue {
    if (index >>> 0 !== index || index >= this.size) throw new RangeError(`"index" expected an integer in 0..${this.size - 1}, got ${String(index)}`);
    return ((this.#bytes[index >>> 2]! >>> ((index & 3) << 1)) & 3) as StatusListValue;
  }

  /**
   * Sets the value at `index` (issuer side).
   *
   * @throws RangeError when `index` is out of range or `value` is not 0, 1, 2 or 3;
   *   TypeError on a list loaded with {@link StatusList.fromSigned} (it is read-only).
   * @example
   * ```ts
   * list.set(i, STATUS_LIST_VALUES.revoked);
   * ```
   */
  set(index: number, value: StatusListValue): void {
    if (this.#meta) throw new TypeError('a signed status list is read-only: change the issuer\'s own list and sign it again');
    if (index >>> 0 !== index || index >= this.size) throw new RangeError(`"index" expected an integer in 0..${this.size - 1}, got ${String(index)}`);
    if (value >>> 0 !== value || value > 3) throw new RangeError(`"value" expected 0 (green), 1 (yellow), 2 (red) or 3 (revoked), got ${String(value)}`);
    const shift = (index & 3) << 1;
    const at = index >>> 2;
    this.#bytes[at] = (this.#bytes[at]! & ~(3 << shift)) | (value << shift);
  }

  /**
   * A copy of the packed bytes (the draft's uncompressed byte array), e.g. for the issuer to
   * store between runs.
   *
   * @example
   * ```ts
   * await db.save(list.size, list.toBytes());
   * ```
   */
  toBytes(): Uint8Array {
    return this.#bytes.slice();
  }

  /**
   * Rebuilds a list from packed bytes (a copy is taken), e.g. as stored by {@link StatusList.toBytes}.
   *
   * @throws TypeError when `bytes` is not a Uint8Array; RangeError when `size` does not fit
   *   `bytes.length` (⌈size / 4⌉ bytes) or is over the limit.
   * @example
   * ```ts
   * const list = StatusList.fromBytes(saved, 50_000_000);
   * ```
   */
  static fromBytes(bytes: Uint8Array, size: number = assertBytes(bytes, 'bytes').length * ENTRIES_PER_BYTE): StatusList {
    assertBytes(bytes, 'bytes');
    const list = new StatusList(size);
    if (bytes.length !== list.#bytes.length) {
      throw new RangeError(`"bytes" holds ${bytes.length} bytes, a list of ${size} entries needs ${list.#bytes.length}`);
    }
    list.#bytes = bytes.slice();
    return list;
  }

  /**
   * Loads a Status List Token (the CWT form of draft-ietf-oauth-status-list, see
   * docs/status.md) and checks it: size, strict CBOR, COSE shape, `typ`, the signature by a
   * trust-list key, the claims, the key's window and issuer binding, then inflates the list
   * with a cap. The list it returns is read-only and carries {@link StatusListMeta}.
   *
   * @throws HealthCodeError with the code of the first failing check: `TOO_LARGE`,
   *   `BAD_CBOR`, `BAD_COSE`, `ALG_MISMATCH`, `UNKNOWN_KID`, `BAD_SIGNATURE`, `BAD_CLAIMS`,
   *   `KEY_NOT_VALID`, `ISSUER_MISMATCH`, `NOT_YET_VALID`, `BAD_COMPRESSION`.
   * @throws TypeError when `bytes` is not a Uint8Array or `trust` not a TrustList.
   * @example
   * ```ts
   * const list = await StatusList.fromSigned(await fetchBytes('/status/CN-330100'), trust);
   * const result = await verify(text, trust, { statusLists: [list], requireStatus: true });
   * ```
   */
  static async fromSigned(bytes: Uint8Array, trust: TrustList, options: StatusListLoadOptions = {}): Promise<StatusList> {
    const read = await readStatusListToken(bytes, trust, options);
    const list = new StatusList(read.size);
    list.#bytes = read.bytes;
    list.#meta = read.meta;
    registerSigner(list, read.signer);
    Object.freeze(list);
    return list;
  }
}
