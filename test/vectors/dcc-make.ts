/**
 * Writes test/vectors/dcc-vectors.json: EU DCC (`HC1:`) cases the EU corpus lacks (see
 * ../shared/vectors/dcc/README.md, "Not covered by this corpus"): several trust-list keys
 * sharing one kid (HCERT: try each), algorithm confusion, unsupported algorithms, over-long
 * ECDSA signatures, kids of other lengths, the kid and alg only in the unprotected header,
 * the CWT tag, compression faults, key windows, issuer binding.
 *
 * ECDSA and RSA-PSS signatures are randomized and the keys are fresh, so a rerun writes
 * different bytes with the same meaning; the file is committed and read by
 * test/unit/credential/dcc-vectors.test.ts. Run: npx tsx test/vectors/dcc-make.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { encodeBase45 } from '../../src/codec/base45.js';
import { toBase64Url } from '../../src/codec/bytes.js';
import { CborFloat, CborTag, encodeCbor } from '../../src/codec/cbor.js';
import { base64, certificateKid, dccClaims, makeCertificate, makeDcc, makeKey, type DccSpec, type KeyPair } from '../support/dcc.js';

const FILE = fileURLToPath(new URL('./dcc-vectors.json', import.meta.url));
const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const IAT = NOW - 30 * DAY;
const EXP = NOW + 335 * DAY;
const CERT_FROM = NOW - 365 * DAY;
const CERT_TO = NOW + 2 * 365 * DAY;
const ES256 = -7;
const PS256 = -37;

interface Signer {
  readonly name: string;
  readonly key: KeyPair;
  readonly country?: string;
  readonly certificate: Uint8Array;
  readonly kid: Uint8Array;
}

function signer(name: string, key: KeyPair, country: string | undefined, notBefore = CERT_FROM, notAfter = CERT_TO): Signer {
  const certificate = makeCertificate({ key, ...(country !== undefined && { country }), commonName: name, notBefore, notAfter });
  return { name, key, ...(country !== undefined && { country }), certificate, kid: certificateKid(certificate) };
}

/** A DCC signer's public key as a trust-list JWK (the form a signed list carries). */
function jwk(s: Signer, extra: Record<string, unknown> = {}, kid: Uint8Array = s.kid): Record<string, unknown> {
  const key = s.key.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const members = s.key.kind.startsWith('RSA') ? { kty: 'RSA', n: key.n, e: key.e } : { kty: 'EC', crv: key.crv, x: key.x, y: key.y };
  return { ...members, kid: toBase64Url(kid), alg: s.key.kind.startsWith('RSA') ? 'PS256' : 'ES256', iss: s.country ?? 'XX', ...extra };
}

const at = makeKey('P-256');
const at2 = makeKey('P-256');
const fr = makeKey('RSA-2048');
const AT = signer('AT DSC', at, 'AT');
const AT2 = signer('AT DSC 2', at2, 'AT');
const FR = signer('FR DSC', fr, 'FR');
const OLD = signer('AT DSC, expired 2025-06-01', at, 'AT', CERT_FROM - 365 * DAY, NOW - 214 * DAY);

function header(alg: unknown, kid: unknown): Map<number, unknown> {
  const map = new Map<number, unknown>();
  if (alg !== undefined) map.set(1, alg);
  if (kid !== undefined) map.set(4, kid);
  return map;
}

function dcc(s: Signer, overrides: Partial<DccSpec> = {}): string {
  const alg = s.key.kind.startsWith('RSA') ? PS256 : ES256;
  return makeDcc({ key: s.key, protectedHeader: header(alg, s.kid), claims: dccClaims(s.country ?? 'XX', IAT, EXP), ...overrides });
}

type Trust = { certificates: { certificate: string; issuer?: string }[]; ignoreValidity?: boolean } | { jwks: { keys: unknown[] } };
const certs = (...signers: Signer[]): Trust => ({ certificates: signers.map((s) => ({ certificate: base64(s.certificate) })) });

interface Case {
  name: string;
  trust: Trust;
  now: number;
  text: string;
  expected: { valid: true; kid: string; issuer: string; alg: string } | { valid: false; code: string; message: string };
}

const cases: Case[] = [];
function ok(name: string, trust: Trust, text: string, s: Signer, kid: Uint8Array = s.kid): void {
  cases.push({ name, trust, now: NOW, text, expected: { valid: true, kid: toBase64Url(kid), issuer: s.country ?? 'XX', alg: s.key.kind.startsWith('RSA') ? 'PS256' : 'ES256' } });
}
function no(name: string, trust: Trust, text: string, code: string, message: string, now = NOW): void {
  cases.push({ name, trust, now, text, expected: { valid: false, code, message } });
}

// Baselines.
ok('ES256 signer certificate (P-256)', certs(AT), dcc(AT), AT);
ok('PS256 signer certificate (RSA-2048)', certs(FR), dcc(FR), FR);
ok('untagged COSE_Sign1', certs(AT), dcc(AT, { tagPrefix: new Uint8Array(0) }), AT);
ok('CWT tag 61 around COSE tag 18', certs(AT), dcc(AT, { tagPrefix: Uint8Array.of(0xd8, 0x3d, 0xd2) }), AT);
no('CWT tag 61 around an untagged array', certs(AT), dcc(AT, { tagPrefix: Uint8Array.of(0xd8, 0x3d) }), 'BAD_COSE', 'not a COSE_Sign1');
ok('float iat and exp with fractions', certs(AT), dcc(AT, { claims: dccClaims('AT', new CborFloat(IAT + 0.25), new CborFloat(EXP + 0.5)) }), AT);

// Several keys sharing one kid: each is tried (HCERT §3.3.1).
const shared = AT.kid;
ok('two keys share the kid; the second signed', { jwks: { keys: [jwk(AT2, {}, shared), jwk(AT)] } }, dcc(AT), AT, shared);
ok('two keys share the kid; the first signed', { jwks: { keys: [jwk(AT), jwk(AT2, {}, shared)] } }, dcc(AT), AT, shared);
no('two keys share the kid; neither signed', { jwks: { keys: [jwk(AT2, {}, shared), jwk(FR, { alg: 'PS256' }, shared)] } }, dcc(AT), 'BAD_SIGNATURE', 'does not verify');
ok('an RSA and an EC key share the kid; the alg picks the EC one', { jwks: { keys: [jwk(FR, {}, shared), jwk(AT)] } }, dcc(AT), AT, shared);
no('two keys share the kid; the one that verifies is revoked', { jwks: { keys: [jwk(AT, { revoked: true }), jwk(AT2, {}, shared)] } }, dcc(AT), 'KEY_NOT_VALID', 'revoked');
ok('the same key twice with the kid, the first bound to another issuer', { jwks: { keys: [jwk(AT, { iss: 'DE' }), jwk(AT)] } }, dcc(AT), AT);

// Algorithms.
no('algorithm confusion: header PS256, the key is EC', certs(AT), dcc(AT, { protectedHeader: header(PS256, AT.kid) }), 'ALG_MISMATCH', 'alg ES256, the DCC says PS256');
no('algorithm confusion: header ES256, the key is RSA', certs(FR), dcc(FR, { protectedHeader: header(ES256, FR.kid) }), 'ALG_MISMATCH', 'alg PS256, the DCC says ES256');
no('unsupported alg EdDSA (-8)', certs(AT), dcc(AT, { protectedHeader: header(-8, AT.kid) }), 'ALG_MISMATCH', 'not supported for DCCs');
no('unsupported alg ES384 (-35)', certs(AT), dcc(AT, { protectedHeader: header(-35, AT.kid) }), 'ALG_MISMATCH', 'not supported for DCCs');
no('alg as text "ES256"', certs(AT), dcc(AT, { protectedHeader: header('ES256', AT.kid) }), 'ALG_MISMATCH', 'not supported');
no('no alg anywhere', certs(AT), dcc(AT, { protectedHeader: header(undefined, AT.kid) }), 'ALG_MISMATCH', 'no alg');
ok('alg and kid only in the unprotected header (empty protected bucket)', certs(AT), dcc(AT, { protectedHeader: new Map(), unprotectedHeader: header(ES256, AT.kid) }), AT);

// Signature lengths.
const derSignature = (s: Uint8Array): Uint8Array => {
  const int = (b: Uint8Array): number[] => (b[0]! & 0x80 ? [0x02, b.length + 1, 0, ...b] : [0x02, b.length, ...b]);
  const body = [...int(s.subarray(0, 32)), ...int(s.subarray(32))];
  return Uint8Array.from([0x30, body.length, ...body]);
};
no('over-long ES256 signature: 65 bytes', certs(AT), dcc(AT, { mutateSignature: (s) => Uint8Array.from([...s, 0]) }), 'BAD_COSE', '65 bytes');
no('ES256 signature in DER form instead of r || s', certs(AT), dcc(AT, { mutateSignature: derSignature }), 'BAD_COSE', 'ES256 needs 64');
no('short ES256 signature: 63 bytes', certs(AT), dcc(AT, { mutateSignature: (s) => s.subarray(1) }), 'BAD_COSE', '63 bytes');
no('PS256 signature one byte short', certs(FR), dcc(FR, { mutateSignature: (s) => s.subarray(1) }), 'BAD_SIGNATURE', 'does not verify');
no('ES256 signature with a flipped bit', certs(AT), dcc(AT, { mutateSignature: (s) => s.map((b, i) => (i === 40 ? b ^ 1 : b)) }), 'BAD_SIGNATURE', 'does not verify');

// kid.
no('kid of 3 bytes', certs(AT), dcc(AT, { protectedHeader: header(ES256, AT.kid.subarray(0, 3)) }), 'UNKNOWN_KID', 'no key with kid');
no('kid of 16 bytes (the kid and 8 more)', certs(AT), dcc(AT, { protectedHeader: header(ES256, Uint8Array.from([...AT.kid, ...AT.kid])) }), 'UNKNOWN_KID', 'no key with kid');
ok('kid only in the unprotected header', certs(AT), dcc(AT, { protectedHeader: header(ES256, undefined), unprotectedHeader: header(undefined, AT.kid) }), AT);
no('a wrong kid protected, the right one unprotected: protected wins', certs(AT), dcc(AT, { protectedHeader: header(ES256, AT2.kid), unprotectedHeader: header(undefined, AT.kid) }), 'UNKNOWN_KID', 'no key with kid');
no('no kid anywhere', certs(AT), dcc(AT, { protectedHeader: header(ES256, undefined) }), 'BAD_COSE', 'no kid');
no('kid as text', certs(AT), dcc(AT, { protectedHeader: header(ES256, 'kid') }), 'BAD_COSE', 'not a byte string');

// Compression and CBOR.
no('not compressed (Base45 of the COSE bytes)', certs(AT), dcc(AT, { compress: (c) => c }), 'BAD_COMPRESSION', 'not a zlib stream');
no('zlib stream cut short', certs(AT), dcc(AT, { compress: (c) => new Uint8Array(deflateSync(c)).subarray(0, 60) }), 'BAD_COMPRESSION', 'truncated');
no('bytes after the zlib stream', certs(AT), dcc(AT, { compress: (c) => Uint8Array.from([...deflateSync(c), 0, 0]) }), 'BAD_COMPRESSION', 'follow the end');
no('decompression bomb (1 MiB of zeros)', certs(AT), 'HC1:' + encodeBase45(new Uint8Array(deflateSync(new Uint8Array(1 << 20), { level: 9 }))), 'TOO_LARGE', 'inflates to more than 65536 bytes');
no('trailing byte after the COSE message', certs(AT), dcc(AT, { mutateCose: (c) => Uint8Array.from([...c, 0]) }), 'BAD_CBOR', 'trailing');
no('payload not a map (a tagged date)', certs(AT), dcc(AT, { claims: new CborTag(0, 'x') }), 'BAD_CLAIMS', 'not a CBOR map');
// A payload map whose key 1 appears twice; no signature needed, rule 4 comes first.
const duplicate = (): Uint8Array =>
  encodeCbor([encodeCbor(header(ES256, AT.kid)), new Map(), Uint8Array.of(0xa2, 0x01, 0x62, 0x41, 0x54, 0x01, 0x62, 0x41, 0x54), new Uint8Array(64)]);
no('payload with a duplicate map key', certs(AT), dcc(AT, { mutateCose: duplicate }), 'BAD_CBOR', 'duplicate');

// Claims, key window, issuer, times.
no('no hcert claim', certs(AT), dcc(AT, { claims: new Map<number, unknown>([[1, 'AT'], [6, IAT], [4, EXP]]) }), 'BAD_CLAIMS', 'hcert');
no('iat as text', certs(AT), dcc(AT, { claims: dccClaims('AT', String(IAT), EXP) }), 'BAD_CLAIMS', 'iat');
no('issued after the signer certificate expired', certs(OLD), dcc(OLD), 'KEY_NOT_VALID', 'retired');
ok('the same, with the certificate validity ignored', { ...(certs(OLD) as { certificates: [] }), ignoreValidity: true }, dcc(OLD), OLD);
no('issued before the signer certificate became valid', certs(AT), dcc(AT, { claims: dccClaims('AT', CERT_FROM - DAY, EXP) }), 'KEY_NOT_VALID', 'before key');
no('iss not the signer\'s country', certs(AT), dcc(AT, { claims: dccClaims('DE', IAT, EXP) }), 'ISSUER_MISMATCH', 'signs only for "AT"');
no('expired', certs(AT), dcc(AT), 'EXPIRED', 'expired at', EXP + DAY);
no('issued in the future', certs(AT), dcc(AT), 'NOT_YET_VALID', 'issued in the future', IAT - DAY);

const signers = [AT, AT2, FR, OLD].map((s) => ({ name: s.name, kind: s.key.kind, country: s.country, certificate: base64(s.certificate), kid: toBase64Url(s.kid) }));
writeFileSync(
  FILE,
  JSON.stringify(
    {
      description:
        'EU DCC (HC1:) cases the EU test corpus lacks, for healthcode. Test keys made for this file only; people and certificates fictitious. ' +
        'trust: signer certificates (base64 DER; issuer = subject C=; validity = key window unless ignoreValidity) or a JWK Set (kid, alg, iss as given). ' +
        'expected.message is a fragment of healthcode\'s message, not part of any standard.',
      generatedBy: 'test/vectors/dcc-make.ts',
      signers,
      cases,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${cases.length} cases to ${FILE}`);
