/**
 * The EU Digital COVID Certificate profile (HCERT, verify-only; DESIGN.md "Wire format",
 * last paragraph): the CWT claims of an `HC1:` code, read as loosely as the certificates in
 * circulation need, and the DCC itself handed out as plain JSON-like data.
 *
 * Looser than HQ1, because the EU test corpus marks these valid: `iat`/`exp` as floats
 * (RFC 8392 NumericDate allows non-integers; HCERT asks for integers), CBOR tag 0 date strings
 * inside the DCC, map keys in any order. Still strict: the CBOR rules of rule 4, the types of
 * `iss`, `iat`, `exp`, and the hcert claim's shape.
 */
import { plainBytes, toBase64Url } from '../codec/bytes.js';
import { CBOR_MAX_DEPTH, CBOR_MAX_ITEMS, CborReader, CborSimple, CborTag } from '../codec/cbor.js';
import { HealthCodeError, isHealthCodeError } from '../errors.js';
import { CWT_EXP, CWT_IAT, CWT_ISS, CWT_NBF } from '../cwt/claims.js';

export { HC1_PREFIX } from './dcc-constants.js';
/** CWT claim `hcert` (HCERT §3.3.1; IANA CWT Claims, -260). */
export const CWT_HCERT = -260;
/** Member of `hcert` holding the EU DCC v1 (`eu_DCC_v1`, HCERT §3.3.1). */
export const HCERT_EU_DCC_V1 = 1;
/** CBOR tag of a CWT (RFC 8392 §6); some DCCs wrap their COSE_Sign1 in it. */
export const CWT_TAG = 61;

/** A JSON-like value: what the DCC (claim -260/1) is turned into for the result. */
export type DccValue = string | number | boolean | null | readonly DccValue[] | { readonly [key: string]: DccValue };

/** The claims of a DCC as the verifier uses them. */
export interface DccClaims {
  /** `iss`: the issuing country (ISO 3166-1 alpha-2), bound to the signer key by the trust list. */
  readonly issuer: string;
  /** `iat`, whole epoch seconds (a fractional value is rounded down). */
  readonly issuedAt: number;
  /** `exp`, whole epoch seconds (a fractional value is rounded down). */
  readonly expiresAt: number;
  /** `nbf`, when present (HCERT does not use it; RFC 8392 gives it meaning). */
  readonly notBefore?: number;
  /** The EU DCC (`hcert` / `eu_DCC_v1`): `ver`, `nam`, `dob` and one of `v`, `t`, `r`. */
  readonly hcert: { readonly [key: string]: DccValue };
}

function bad(message: string): never {
  throw new HealthCodeError('BAD_CLAIMS', message);
}

/** NumericDate (RFC 8392 §2): integer or float seconds, finite, within the safe integer range. */
function readTime(payload: Map<unknown, unknown>, label: number, name: string, required: boolean): number | undefined {
  if (!payload.has(label) && !required) return undefined;
  const value = payload.get(label);
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    bad(`claim ${name} (${label}) ${payload.has(label) ? 'is not a number of seconds' : 'is missing'}`);
  }
  return Math.floor(value);
}

/**
 * The steps from the DCC's top to the value being converted (map keys and array indexes),
 * pushed and popped as {@link toValue} descends: the path of a message is built from it only
 * when one is needed, so converting allocates nothing for it.
 */
const steps: (string | number)[] = [];

function pathOf(): string {
  let path = '';
  for (const step of steps) path += typeof step === 'number' ? `[${step}]` : `/${step}`;
  return path || 'its top level';
}

/**
 * The DCC as JSON-like data: maps with text keys become frozen objects, arrays frozen
 * arrays; tags give their content (tag 0 date strings stay strings, as in the DCC's JSON);
 * byte strings become base64url; integers beyond 2^53 their decimal text.
 */
function toValue(value: unknown): DccValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return toBase64Url(value);
  if (value instanceof CborTag) return toValue(value.value);
  if (value instanceof CborSimple) return null;
  if (Array.isArray(value)) {
    const items: DccValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      steps.push(i);
      items[i] = toValue(value[i]);
      steps.pop();
    }
    return Object.freeze(items);
  }
  if (value instanceof Map) {
    const object: Record<string, DccValue> = {};
    for (const [key, item] of value) {
      if (typeof key !== 'string') bad(`the DCC has a map key that is not text at ${pathOf()}`);
      steps.push(key);
      setMember(object, key, toValue(item));
      steps.pop();
    }
    return Object.freeze(object);
  }
  return bad(`the DCC holds a value of an unexpected kind at ${pathOf()}`);
}

/** Sets a member; a "__proto__" key is data, never a prototype: defined as an own property. */
function setMember(object: Record<string, DccValue>, key: string, value: DccValue): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** The eu_DCC_v1 map converted; the path stack is left empty whether it converts or throws. */
function convert(dcc: Map<unknown, unknown>): { readonly [key: string]: DccValue } {
  steps.length = 0;
  try {
    return toValue(dcc) as { readonly [key: string]: DccValue };
  } finally {
    steps.length = 0;
  }
}

/**
 * The eu_DCC_v1 member as {@link decodeDccPayload} read it: already JSON-like, whether it was
 * a map, and the first reason it cannot be a DCC (reported by rule 10, after the claims
 * before it, as {@link toValue}'s would be).
 */
class DccMember {
  constructor(
    readonly value: DccValue,
    readonly isMap: boolean,
    readonly problem: string | undefined,
  ) {}
}

/**
 * The strict reader of `decodeCbor`, every rule of it, except that the value of hcert's
 * eu_DCC_v1 member (claim -260, member 1) is built as frozen JSON-like data as it is read,
 * instead of Maps converted afterwards (measured on the EU corpus: the conversion of freshly
 * decoded Maps cost 2.5 µs a code, of a ~90 µs verify; built as read, about a third of that).
 */
class DccPayloadReader extends CborReader {
  /** True while the value of the claims map's hcert claim is read. */
  private inHcert = false;
  /** The first reason the member cannot be a DCC, found while reading it. */
  private problem: string | undefined;

  protected override mapValue(key: unknown, depth: number): unknown {
    // Entries at depth 2 are the claims map's; at depth 3 inside hcert, the hcert map's.
    if (depth === 2 && key === CWT_HCERT) {
      this.inHcert = true;
      try {
        return super.mapValue(key, depth);
      } finally {
        this.inHcert = false;
      }
    }
    if (!this.inHcert || depth !== 3 || key !== HCERT_EU_DCC_V1) return super.mapValue(key, depth);
    this.inHcert = false;
    this.problem = undefined;
    steps.length = 0;
    try {
      const start = this.enter(depth);
      const isMap = this.data[start]! >> 5 === 5;
      const value = this.json(start, depth);
      return new DccMember(value, isMap, this.problem);
    } finally {
      steps.length = 0;
      this.inHcert = true;
    }
  }

  /** One item as JSON-like data (its head at `start`, already counted), by the same rules. */
  private json(start: number, depth: number): DccValue {
    const initial = this.data[start]!;
    const major = initial >> 5;
    if (major !== 4 && major !== 5) {
      // Scalars and tags: read as decodeCbor reads them, then converted; a problem waits.
      const value = this.body(start, depth);
      const at = steps.length;
      try {
        return toValue(value);
      } catch (error) {
        if (!isHealthCodeError(error)) throw error;
        steps.length = at;
        this.problem ??= error.message;
        return null;
      }
    }
    const itemsAtHead = this.items;
    this.pos = start + 1;
    const count = this.length(start, this.argument(start, major, initial & 31), major === 4 ? 'array' : 'map');
    if (major === 4) {
      this.budget(start, count);
      const items: DccValue[] = new Array(count);
      for (let i = 0; i < count; i++) {
        steps.push(i);
        items[i] = this.json(this.enter(depth + 1), depth + 1);
        steps.pop();
      }
      return Object.freeze(items);
    }
    this.need(start, 2 * count, `map of ${count} entries`);
    this.budget(start, 2 * count);
    const object: Record<string, DccValue> = {};
    for (let i = 0; i < count; i++) {
      const keyStart = this.enter(depth + 1);
      const key = this.body(keyStart, depth + 1);
      if (typeof key !== 'string') {
        // Not JSON-like, so not a DCC: the map is read again as decodeCbor reads it (its
        // duplicate rule compares keys of every kind), for the CBOR rules that come first.
        this.problem ??= `the DCC has a map key that is not text at ${pathOf()}`;
        this.pos = start;
        this.items = itemsAtHead;
        this.body(start, depth);
        return null;
      }
      if (Object.prototype.hasOwnProperty.call(object, key)) this.fail(keyStart, `duplicate map key ${JSON.stringify(key)}`);
      steps.push(key);
      setMember(object, key, this.json(this.enter(depth + 1), depth + 1));
      steps.pop();
    }
    return Object.freeze(object);
  }
}

/**
 * @internal Decodes a DCC's payload (the CWT claims) strictly, as `decodeCbor` with floats
 * as numbers would, except that hcert's eu_DCC_v1 member comes out JSON-like, ready for
 * {@link dccClaimsFromMap}. For `parseSign1`'s `decodePayload`.
 *
 * @throws HealthCodeError `BAD_CBOR` or `TOO_LARGE`, as `decodeCbor`.
 */
export function decodeDccPayload(bytes: Uint8Array): unknown {
  const reader = new DccPayloadReader(plainBytes(bytes), CBOR_MAX_DEPTH, CBOR_MAX_ITEMS, false);
  const value = reader.item(1);
  if (reader.pos !== bytes.length) reader.fail(reader.pos, `${bytes.length - reader.pos} trailing byte(s) after the data item`);
  return value;
}

/**
 * Reads the claims of a decoded DCC payload (rule 10 for the DCC profile).
 *
 * @throws HealthCodeError `BAD_CLAIMS` naming the claim.
 * @example
 * ```ts
 * const { issuer, expiresAt, hcert } = dccClaimsFromMap(sign1.payload);
 * ```
 */
export function dccClaimsFromMap(payload: unknown): DccClaims {
  if (!(payload instanceof Map)) bad('the payload is not a CBOR map of claims');
  const issuer = payload.get(CWT_ISS);
  if (typeof issuer !== 'string' || issuer.length === 0) bad(`claim iss (${CWT_ISS}) ${payload.has(CWT_ISS) ? 'is not text' : 'is missing'}`);
  const issuedAt = readTime(payload, CWT_IAT, 'iat', true)!;
  const expiresAt = readTime(payload, CWT_EXP, 'exp', true)!;
  const notBefore = readTime(payload, CWT_NBF, 'nbf', false);
  const hcert = payload.get(CWT_HCERT);
  if (!(hcert instanceof Map)) bad(`claim hcert (${CWT_HCERT}) ${payload.has(CWT_HCERT) ? 'is not a map' : 'is missing: not a DCC'}`);
  const dcc = hcert.get(HCERT_EU_DCC_V1);
  const isMap = dcc instanceof DccMember ? dcc.isMap : dcc instanceof Map;
  if (!isMap) bad(`hcert member eu_DCC_v1 (${HCERT_EU_DCC_V1}) ${hcert.has(HCERT_EU_DCC_V1) ? 'is not a map' : 'is missing'}`);
  if (dcc instanceof DccMember && dcc.problem !== undefined) bad(dcc.problem);
  return {
    issuer,
    issuedAt,
    expiresAt,
    ...(notBefore !== undefined && { notBefore }),
    hcert: dcc instanceof DccMember ? (dcc.value as { readonly [key: string]: DccValue }) : convert(dcc as Map<unknown, unknown>),
  };
}
