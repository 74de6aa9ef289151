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
import { toBase64Url } from '../codec/bytes.js';
import { CborSimple, CborTag } from '../codec/cbor.js';
import { HealthCodeError } from '../errors.js';
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

/** Where a value sits in the DCC, for messages: built only when one is needed. */
interface Where {
  readonly parent: Where | undefined;
  readonly step: string | number;
}

function pathOf(where: Where | undefined): string {
  let path = '';
  for (let at = where; at; at = at.parent) path = (typeof at.step === 'number' ? `[${at.step}]` : `/${at.step}`) + path;
  return path || 'its top level';
}

/**
 * The DCC as JSON-like data: maps with text keys become frozen objects, arrays frozen
 * arrays; tags give their content (tag 0 date strings stay strings, as in the DCC's JSON);
 * byte strings become base64url; integers beyond 2^53 their decimal text.
 */
function toValue(value: unknown, where: Where | undefined): DccValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return toBase64Url(value);
  if (value instanceof CborTag) return toValue(value.value, where);
  if (value instanceof CborSimple) return null;
  if (Array.isArray(value)) {
    const items: DccValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = toValue(value[i], { parent: where, step: i });
    return Object.freeze(items);
  }
  if (value instanceof Map) {
    const object: Record<string, DccValue> = {};
    for (const [key, item] of value) {
      if (typeof key !== 'string') bad(`the DCC has a map key that is not text at ${pathOf(where)}`);
      const converted = toValue(item, { parent: where, step: key });
      // A "__proto__" key is data, never a prototype: defined as an own property.
      if (key === '__proto__') Object.defineProperty(object, key, { value: converted, enumerable: true, writable: true, configurable: true });
      else object[key] = converted;
    }
    return Object.freeze(object);
  }
  return bad(`the DCC holds a value of an unexpected kind at ${pathOf(where)}`);
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
  if (!(dcc instanceof Map)) bad(`hcert member eu_DCC_v1 (${HCERT_EU_DCC_V1}) ${hcert.has(HCERT_EU_DCC_V1) ? 'is not a map' : 'is missing'}`);
  return {
    issuer,
    issuedAt,
    expiresAt,
    ...(notBefore !== undefined && { notBefore }),
    hcert: toValue(dcc, undefined) as { readonly [key: string]: DccValue },
  };
}
