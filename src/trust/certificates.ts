/**
 * X.509 signer certificates (the EU DCC "document signer certificates", DSCs) as trust-list
 * keys for the DCC profile: the public key through jose's X.509 import, the kid the HCERT
 * way (the first 8 bytes of SHA-256 over the certificate's DER, HCERT §3.3.1), the
 * certificate's validity as the key window (rule 11), and the issuing country from the
 * subject's `C=` unless the caller names the issuer.
 *
 * The certificates are taken as trusted: the caller got them from a source it trusts (the
 * EU gateway, a national backend's signed list) and has checked their chain there. This
 * module reads, from the DER, only what jose does not give: validity and subject country.
 */
import { exportJWK, importX509 } from 'jose';
import { toBase64Url } from '../codec/bytes.js';
import { requireSubtle } from '../crypto/subtle.js';

import { DCC_KID_BYTES } from '../credential/dcc-constants.js';

export { DCC_KID_BYTES } from '../credential/dcc-constants.js';
/** Largest certificate read, in DER bytes (real DSCs are 0.5–2 KiB). */
export const CERTIFICATE_MAX_BYTES = 16 * 1024;

/** One signer certificate for `TrustList.fromCertificates`. */
export interface CertificateInput {
  /** The certificate: DER bytes, base64 of the DER (as the EU gateway serves it), or PEM. */
  readonly certificate: Uint8Array | string;
  /** The `iss` this key may sign for (a DCC's issuing country); default: the subject's `C=`. */
  readonly issuer?: string;
}

/** Options of `TrustList.fromCertificates`. */
export interface CertificateTrustOptions {
  /** Skip certificates that cannot be used and report them in `skipped`, instead of failing. */
  readonly skipInvalid?: boolean;
  /**
   * Do not use the certificates' validity as the key window (default false: a DCC issued
   * outside its signer certificate's validity is `KEY_NOT_VALID`). For trust lists whose
   * certificates are known to be re-issued late, and for the EU test corpus, which does not
   * test that rule.
   */
  readonly ignoreValidity?: boolean;
}

// DER tags (X.690 §8) and the object identifiers read here, as their DER content bytes.
const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_OID = 0x06;
const TAG_BIT_STRING = 0x03;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;
const TAG_VERSION = 0xa0; // [0] EXPLICIT Version (RFC 5280 §4.1)
const OID_EC_PUBLIC_KEY = '2a8648ce3d0201'; // 1.2.840.10045.2.1 (RFC 5480 §2.1.1)
const OID_P256 = '2a8648ce3d030107'; // 1.2.840.10045.3.1.7 secp256r1 (RFC 5480 §2.1.1.1)
const OID_RSA_ENCRYPTION = '2a864886f70d010101'; // 1.2.840.113549.1.1.1 (RFC 8017 Appendix C)
const OID_COUNTRY_NAME = '550406'; // 2.5.4.6 (X.520)

interface Tlv {
  readonly tag: number;
  /** Content start and end (exclusive). */
  readonly start: number;
  readonly end: number;
}

/** Reads one DER TLV at `at`, within `limit`. Throws a plain Error on malformed input. */
function tlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new Error('certificate DER is truncated');
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || start + count > limit) throw new Error('certificate DER has a bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  if (start + length > limit) throw new Error('certificate DER is truncated');
  return { tag, start, end: start + length };
}

function expectTag(der: Uint8Array, at: number, limit: number, tag: number, what: string): Tlv {
  const item = tlv(der, at, limit);
  if (item.tag !== tag) throw new Error(`certificate DER: expected ${what}`);
  return item;
}

function hex(der: Uint8Array, item: Tlv): string {
  let s = '';
  for (let i = item.start; i < item.end; i++) s += der[i]!.toString(16).padStart(2, '0');
  return s;
}

/** UTCTime or GeneralizedTime in RFC 5280's profile (§4.1.2.5: seconds and `Z`, no fractions). */
function readTime(der: Uint8Array, item: Tlv): number {
  const text = String.fromCharCode(...der.subarray(item.start, item.end));
  const utc = item.tag === TAG_UTC_TIME && /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const general = item.tag === TAG_GENERALIZED_TIME && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const m = utc || general;
  if (!m) throw new Error(`certificate validity time ${JSON.stringify(text)} is not in RFC 5280 form`);
  let year = Number(m[1]);
  if (utc) year += year >= 50 ? 1900 : 2000; // RFC 5280 §4.1.2.5.1
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Math.floor(ms / 1000);
}

/** The subject's countryName (`C=`), if any. */
function readCountry(der: Uint8Array, name: Tlv): string | undefined {
  for (let at = name.start; at < name.end; ) {
    const rdn = expectTag(der, at, name.end, TAG_SET, 'a relative distinguished name');
    for (let inner = rdn.start; inner < rdn.end; ) {
      const attribute = expectTag(der, inner, rdn.end, TAG_SEQUENCE, 'an attribute');
      const type = expectTag(der, attribute.start, attribute.end, TAG_OID, 'an attribute type');
      if (hex(der, type) === OID_COUNTRY_NAME) {
        const value = tlv(der, type.end, attribute.end);
        return new TextDecoder().decode(der.subarray(value.start, value.end));
      }
      inner = attribute.end;
    }
    at = rdn.end;
  }
  return undefined;
}

/** What the DER gives beyond the key: validity, subject country, and the key's algorithm. */
interface CertificateFacts {
  readonly notBefore: number;
  readonly notAfter: number;
  readonly country: string | undefined;
  readonly alg: 'ES256' | 'PS256';
}

/** Walks TBSCertificate (RFC 5280 §4.1) to validity, subject and the key's algorithm. */
function readFacts(der: Uint8Array): CertificateFacts {
  const certificate = expectTag(der, 0, der.length, TAG_SEQUENCE, 'a certificate');
  if (certificate.end !== der.length) throw new Error('bytes follow the certificate');
  const tbs = expectTag(der, certificate.start, certificate.end, TAG_SEQUENCE, 'a TBSCertificate');
  let at = tbs.start;
  if (der[at] === TAG_VERSION) at = tlv(der, at, tbs.end).end;
  at = tlv(der, at, tbs.end).end; // serialNumber
  at = expectTag(der, at, tbs.end, TAG_SEQUENCE, 'a signature algorithm').end;
  at = expectTag(der, at, tbs.end, TAG_SEQUENCE, 'an issuer name').end;
  const validity = expectTag(der, at, tbs.end, TAG_SEQUENCE, 'a validity');
  const notBeforeItem = tlv(der, validity.start, validity.end);
  const notAfterItem = tlv(der, notBeforeItem.end, validity.end);
  const subject = expectTag(der, validity.end, tbs.end, TAG_SEQUENCE, 'a subject name');
  const spki = expectTag(der, subject.end, tbs.end, TAG_SEQUENCE, 'a subjectPublicKeyInfo');
  const algorithm = expectTag(der, spki.start, spki.end, TAG_SEQUENCE, 'a key algorithm');
  expectTag(der, algorithm.end, spki.end, TAG_BIT_STRING, 'a public key');
  const keyOid = hex(der, expectTag(der, algorithm.start, algorithm.end, TAG_OID, 'a key algorithm id'));
  let alg: 'ES256' | 'PS256';
  if (keyOid === OID_RSA_ENCRYPTION) {
    alg = 'PS256'; // HCERT §3.3.2: RSA signer keys sign with PS256
  } else if (keyOid === OID_EC_PUBLIC_KEY) {
    const curveTlv = tlv(der, tlv(der, algorithm.start, algorithm.end).end, algorithm.end);
    if (curveTlv.tag !== TAG_OID || hex(der, curveTlv) !== OID_P256) throw new Error('the EC key is not on P-256 (ES256 is ECDSA on P-256 only)');
    alg = 'ES256';
  } else {
    throw new Error('the key is neither EC P-256 (ES256) nor RSA (PS256)');
  }
  return { notBefore: readTime(der, notBeforeItem), notAfter: readTime(der, notAfterItem), country: readCountry(der, subject), alg };
}

/** DER bytes of a certificate given as bytes, base64 or PEM. */
function derOf(certificate: Uint8Array | string, name: string): Uint8Array {
  if (certificate instanceof Uint8Array) return certificate;
  if (typeof certificate !== 'string') throw new TypeError(`"${name}" expected DER bytes, base64 or PEM`);
  const body = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  let binary: string;
  try {
    binary = atob(body);
  } catch {
    throw new Error('the certificate is neither base64 DER nor PEM');
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function pemOf(der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`;
}

/** The trust-list JWK of one certificate. Throws a plain Error whose message is the reason. */
async function jwkOf(input: CertificateInput, name: string, options: CertificateTrustOptions): Promise<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null) throw new TypeError(`"${name}" expected { certificate, issuer? }`);
  if (input.issuer !== undefined && (typeof input.issuer !== 'string' || input.issuer.length === 0)) {
    throw new TypeError(`"${name}.issuer" expected a non-empty string`);
  }
  const der = derOf(input.certificate, `${name}.certificate`);
  if (der.length > CERTIFICATE_MAX_BYTES) throw new Error(`the certificate is ${der.length} bytes, over the limit of ${CERTIFICATE_MAX_BYTES}`);
  const facts = readFacts(der);
  const issuer = input.issuer ?? facts.country;
  if (!issuer) throw new Error('the certificate\'s subject names no country (C=): pass "issuer"');
  let publicJwk: Record<string, unknown>;
  try {
    publicJwk = { ...(await exportJWK(await importX509(pemOf(der), facts.alg, { extractable: true }))) };
  } catch (cause) {
    throw new Error(`the certificate's public key cannot be imported for ${facts.alg}`, { cause });
  }
  const digest = new Uint8Array(await requireSubtle().digest('SHA-256', der.slice()));
  const keyMembers = facts.alg === 'ES256' ? ['kty', 'crv', 'x', 'y'] : ['kty', 'n', 'e'];
  return {
    ...Object.fromEntries(keyMembers.map((m) => [m, publicJwk[m]])),
    kid: toBase64Url(digest.subarray(0, DCC_KID_BYTES)),
    alg: facts.alg,
    iss: issuer,
    ...(!options.ignoreValidity && { nbf: facts.notBefore, exp: facts.notAfter }),
  };
}

/** @internal A certificate the loader could not use, with the reason. */
export interface CertificateProblem {
  readonly index: number;
  readonly reason: string;
  readonly cause: unknown;
}

/**
 * @internal Turns signer certificates into trust-list JWKs (kid = SHA-256(DER)[0..8], alg
 * from the key, `iss`, and the validity as `nbf`/`exp`), with the ones it could not use.
 *
 * @throws TypeError on misuse: an entry that is not `{ certificate, issuer? }`.
 */
export async function jwksFromCertificates(
  certificates: readonly CertificateInput[],
  options: CertificateTrustOptions = {},
): Promise<{ keys: Record<string, unknown>[]; problems: CertificateProblem[] }> {
  const keys: Record<string, unknown>[] = [];
  const problems: CertificateProblem[] = [];
  for (const [index, input] of certificates.entries()) {
    try {
      keys.push(await jwkOf(input, `certificates[${index}]`, options));
    } catch (error) {
      if (error instanceof TypeError) throw error;
      problems.push({ index, reason: error instanceof Error ? error.message : String(error), cause: error });
    }
  }
  return { keys, problems };
}
