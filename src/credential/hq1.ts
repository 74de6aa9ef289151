/**
 * The HQ1 profile: health-code claims <-> the CWT claims map (DESIGN.md "Wire format v1").
 * Reading is strict (rule 10, `BAD_CLAIMS`); unknown claims are ignored but were already
 * checked as well-formed CBOR by the codec.
 */
import { HealthCodeError } from '../errors.js';
import {
  CNF_COSE_KEY,
  COSE_CRV_ED25519,
  COSE_KEY_CRV,
  COSE_KEY_KTY,
  COSE_KEY_X,
  COSE_KTY_OKP,
  CWT_CNF,
  CWT_EXP,
  CWT_HEALTH,
  CWT_IAT,
  CWT_ISS,
  CWT_NBF,
  HEALTH_ID_HINT,
  HEALTH_NAME,
  HEALTH_STATUS,
  HEALTH_STATUS_INDEX,
  HEALTH_SUBJECT_REF,
} from '../cwt/claims.js';
import { statusFromWire, statusToWire, type HealthClaims } from './model.js';

/** The HQ1 text prefix (DESIGN.md). */
export const HQ1_PREFIX = 'HQ1:';
/** Largest subject reference, in bytes (DESIGN.md). */
export const SUBJECT_REF_MAX_BYTES = 32;

/** Claims as read from a code, with whether `cnf` was present at all. */
export interface ReadClaims extends HealthClaims {
  /** True when the payload carries claim 8 (`cnf`), well-formed or not. */
  readonly holderBound: boolean;
}

/** Builds the CWT claims map for an HQ1 code (the codec sorts keys on encoding). */
export function claimsToMap(claims: HealthClaims): Map<number, unknown> {
  const health = new Map<number, unknown>([[HEALTH_STATUS, statusToWire(claims.status)]]);
  if (claims.name !== undefined) health.set(HEALTH_NAME, claims.name);
  if (claims.idHint !== undefined) health.set(HEALTH_ID_HINT, claims.idHint);
  if (claims.subjectRef !== undefined) health.set(HEALTH_SUBJECT_REF, claims.subjectRef);
  if (claims.statusIndex !== undefined) health.set(HEALTH_STATUS_INDEX, claims.statusIndex);
  const map = new Map<number, unknown>([
    [CWT_ISS, claims.issuer],
    [CWT_IAT, claims.issuedAt],
    [CWT_EXP, claims.expiresAt],
    [CWT_HEALTH, health],
  ]);
  if (claims.notBefore !== undefined) map.set(CWT_NBF, claims.notBefore);
  if (claims.holderKey !== undefined) {
    const coseKey = new Map<number, unknown>([
      [COSE_KEY_KTY, COSE_KTY_OKP],
      [COSE_KEY_CRV, COSE_CRV_ED25519],
      [COSE_KEY_X, claims.holderKey],
    ]);
    map.set(CWT_CNF, new Map([[CNF_COSE_KEY, coseKey]]));
  }
  return map;
}

function bad(message: string): never {
  throw new HealthCodeError('BAD_CLAIMS', message);
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function readInt(map: Map<unknown, unknown>, label: number, name: string, required: boolean): number | undefined {
  const value = map.get(label);
  if (value === undefined && !map.has(label) && !required) return undefined;
  if (!isInt(value)) bad(`claim ${name} (${label}) ${map.has(label) ? 'is not an integer' : 'is missing'}`);
  return value;
}

/** Reads the Ed25519 key from a `cnf` value, or undefined when it is not a well-formed OKP key. */
function readHolderKey(cnf: unknown): Uint8Array | undefined {
  if (!(cnf instanceof Map)) return undefined;
  const key = cnf.get(CNF_COSE_KEY);
  if (!(key instanceof Map)) return undefined;
  if (key.get(COSE_KEY_KTY) !== COSE_KTY_OKP || key.get(COSE_KEY_CRV) !== COSE_CRV_ED25519) return undefined;
  const x = key.get(COSE_KEY_X);
  return x instanceof Uint8Array && x.length === 32 ? x : undefined;
}

/**
 * Reads and checks the HQ1 claims of a decoded payload (DESIGN.md rule 10).
 *
 * @throws HealthCodeError `BAD_CLAIMS` naming the claim.
 */
export function claimsFromMap(payload: unknown): ReadClaims {
  if (!(payload instanceof Map)) bad('the payload is not a CBOR map of claims');
  const issuer = payload.get(CWT_ISS);
  if (typeof issuer !== 'string') bad(`claim iss (${CWT_ISS}) ${payload.has(CWT_ISS) ? 'is not text' : 'is missing'}`);
  const issuedAt = readInt(payload, CWT_IAT, 'iat', true)!;
  const expiresAt = readInt(payload, CWT_EXP, 'exp', true)!;
  const notBefore = readInt(payload, CWT_NBF, 'nbf', false);
  const health = payload.get(CWT_HEALTH);
  if (!(health instanceof Map)) bad(`health claim (${CWT_HEALTH}) ${payload.has(CWT_HEALTH) ? 'is not a map' : 'is missing'}`);
  const status = statusFromWire(health.get(HEALTH_STATUS));
  if (status === undefined) bad('health status (-65537/0) is missing or not 0, 1 or 2');
  const name = health.get(HEALTH_NAME);
  if (name !== undefined && typeof name !== 'string') bad('display name (-65537/1) is not text');
  if (name === undefined && health.has(HEALTH_NAME)) bad('display name (-65537/1) is not text');
  const idHint = health.get(HEALTH_ID_HINT);
  if ((idHint !== undefined || health.has(HEALTH_ID_HINT)) && typeof idHint !== 'string') bad('id hint (-65537/2) is not text');
  const subjectRef = health.get(HEALTH_SUBJECT_REF);
  if (health.has(HEALTH_SUBJECT_REF)) {
    if (!(subjectRef instanceof Uint8Array)) bad('subject ref (-65537/3) is not a byte string');
    if (subjectRef.length > SUBJECT_REF_MAX_BYTES) bad(`subject ref (-65537/3) is over ${SUBJECT_REF_MAX_BYTES} bytes`);
  }
  const statusIndex = health.get(HEALTH_STATUS_INDEX);
  if (health.has(HEALTH_STATUS_INDEX) && !(isInt(statusIndex) && statusIndex >= 0)) {
    bad('status-list index (-65537/4) is not an unsigned integer');
  }
  const holderBound = payload.has(CWT_CNF);
  const holderKey = holderBound ? readHolderKey(payload.get(CWT_CNF)) : undefined;
  return {
    issuer,
    issuedAt,
    expiresAt,
    ...(notBefore !== undefined && { notBefore }),
    status,
    ...(typeof name === 'string' && { name }),
    ...(typeof idHint === 'string' && { idHint }),
    ...(subjectRef instanceof Uint8Array && { subjectRef }),
    ...(isInt(statusIndex) && { statusIndex }),
    ...(holderKey !== undefined && { holderKey }),
    holderBound,
  };
}
