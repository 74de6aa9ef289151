/**
 * Test-only makers for the EU DCC profile: X.509 signer certificates (a small DER writer and
 * node:crypto signatures) and `HC1:` texts over any headers and claims (node:zlib, our Base45
 * and CBOR writers), for the cases the EU corpus lacks. Node only.
 */
import { createHash, generateKeyPairSync, sign, constants, type KeyObject } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { encodeBase45 } from '../../src/codec/base45.js';
import { concatBytes } from '../../src/codec/bytes.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import { sigStructure } from '../../src/cose/sign1.js';

// ---------------------------------------------------------------------------------------
// DER (X.690), only what a certificate needs

function length(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(Uint8Array.from([tag, ...length(body.length)]), body);
}

export const seq = (...items: Uint8Array[]): Uint8Array => der(0x30, ...items);
const set = (...items: Uint8Array[]): Uint8Array => der(0x31, ...items);
const explicit = (n: number, item: Uint8Array): Uint8Array => der(0xa0 | n, item);

export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const groups: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return der(0x06, Uint8Array.from(out));
}

const text = (tag: number, value: string): Uint8Array => der(tag, new TextEncoder().encode(value));

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 §4.1.2.5). */
function time(seconds: number): Uint8Array {
  const iso = new Date(seconds * 1000).toISOString(); // 2026-01-01T00:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  return Number(iso.slice(0, 4)) < 2050 ? text(0x17, digits.slice(2)) : text(0x18, digits);
}

// ---------------------------------------------------------------------------------------
// Certificates

export type KeyKind = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072' | 'Ed25519';

export interface KeyPair {
  readonly kind: KeyKind;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function makeKey(kind: KeyKind): KeyPair {
  const pair =
    kind === 'P-256' || kind === 'P-384'
      ? generateKeyPairSync('ec', { namedCurve: kind })
      : kind === 'Ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: kind === 'RSA-2048' ? 2048 : 3072 });
  return { kind, ...pair };
}

export interface CertificateSpec {
  /** The subject's key. */
  readonly key: KeyPair;
  /** Subject countryName (C=); omitted when undefined. */
  readonly country?: string;
  readonly commonName?: string;
  readonly notBefore: number;
  readonly notAfter: number;
  /** Who signs the certificate (default: the subject itself; an Ed25519 subject needs an EC signer). */
  readonly signer?: KeyPair;
}

function name(country: string | undefined, commonName: string): Uint8Array {
  const rdns: Uint8Array[] = [];
  if (country !== undefined) rdns.push(set(seq(oid('2.5.4.6'), text(0x13, country))));
  rdns.push(set(seq(oid('2.5.4.3'), text(0x0c, commonName))));
  return seq(...rdns);
}

/** A DER X.509 v3 certificate (no extensions) for a DCC signer key. */
export function makeCertificate(spec: CertificateSpec): Uint8Array {
  const signer = spec.signer ?? spec.key;
  const rsaSigner = signer.kind.startsWith('RSA');
  const signatureAlgorithm = rsaSigner ? seq(oid('1.2.840.113549.1.1.11'), der(0x05)) : seq(oid('1.2.840.10045.4.3.2'));
  const spki = new Uint8Array(spec.key.publicKey.export({ format: 'der', type: 'spki' }));
  const tbs = seq(
    explicit(0, der(0x02, Uint8Array.of(2))), // v3
    der(0x02, Uint8Array.of(0x01, 0x23, 0x45, 0x67)),
    signatureAlgorithm,
    name('XX', 'Test CSCA'),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.country, spec.commonName ?? 'DSC'),
    spki,
  );
  const signature = new Uint8Array(sign('sha256', tbs, signer.privateKey));
  return seq(tbs, signatureAlgorithm, der(0x03, Uint8Array.of(0), signature));
}

/** The HCERT kid of a certificate: SHA-256 of its DER, first 8 bytes (independent of the library). */
export function certificateKid(certificate: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(certificate).digest().subarray(0, 8));
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

// ---------------------------------------------------------------------------------------
// DCC texts

/** Signs with the key's DCC algorithm: ES256 as r || s (RFC 9053 §2.1), PS256 salt 32 (RFC 8230). */
export function signDcc(key: KeyPair, message: Uint8Array): Uint8Array {
  if (key.kind.startsWith('RSA')) {
    return new Uint8Array(sign('sha256', message, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
  }
  const hash = key.kind === 'P-384' ? 'sha384' : 'sha256';
  return new Uint8Array(sign(hash, message, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
}

export interface DccSpec {
  readonly key: KeyPair;
  readonly protectedHeader: Map<number, unknown>;
  readonly unprotectedHeader?: Map<number, unknown>;
  readonly claims: unknown;
  /** Bytes placed around the COSE_Sign1 array (e.g. the tag 18 head, or tag 61 + 18). */
  readonly tagPrefix?: Uint8Array;
  /** Changes the signature after signing. */
  readonly mutateSignature?: (signature: Uint8Array) => Uint8Array;
  /** Changes the COSE bytes before compression. */
  readonly mutateCose?: (cose: Uint8Array) => Uint8Array;
  /** Replaces the compression step (default zlib, level 9). */
  readonly compress?: (cose: Uint8Array) => Uint8Array;
}

/** The COSE_Sign1 bytes of a DCC. */
export function makeDccCose(spec: DccSpec): Uint8Array {
  const protectedBytes = spec.protectedHeader.size === 0 ? new Uint8Array(0) : encodeCbor(spec.protectedHeader);
  const payload = encodeCbor(spec.claims);
  let signature = signDcc(spec.key, sigStructure(protectedBytes, payload));
  if (spec.mutateSignature) signature = spec.mutateSignature(signature);
  const array = encodeCbor([protectedBytes, spec.unprotectedHeader ?? new Map(), payload, signature]);
  const cose = concatBytes(spec.tagPrefix ?? Uint8Array.of(0xd2), array);
  return spec.mutateCose ? spec.mutateCose(cose) : cose;
}

/** The QR text of a DCC: `HC1:` + Base45(zlib(COSE_Sign1)). */
export function makeDcc(spec: DccSpec): string {
  const cose = makeDccCose(spec);
  const compressed = spec.compress ? spec.compress(cose) : new Uint8Array(deflateSync(cose, { level: 9 }));
  return 'HC1:' + encodeBase45(compressed);
}

/** A DCC claim set: iss, iat, exp and hcert {1: dcc}. */
export function dccClaims(issuer: string, issuedAt: unknown, expiresAt: unknown, dcc: unknown = SAMPLE_DCC): Map<number, unknown> {
  return new Map<number, unknown>([
    [1, issuer],
    [6, issuedAt],
    [4, expiresAt],
    [-260, new Map([[1, dcc]])],
  ]);
}

/** A small test DCC (a recovery entry) in CBOR form: maps with text keys. Fictitious person. */
export const SAMPLE_DCC = new Map<string, unknown>([
  ['ver', '1.3.0'],
  ['nam', new Map([['fn', 'Muster'], ['fnt', 'MUSTER'], ['gn', 'Erika'], ['gnt', 'ERIKA']])],
  ['dob', '1964-08-12'],
  [
    'r',
    [
      new Map<string, unknown>([
        ['tg', '840539006'],
        ['fr', '2025-12-01'],
        ['co', 'AT'],
        ['is', 'Test Ministry'],
        ['df', '2025-12-12'],
        ['du', '2026-05-30'],
        ['ci', 'URN:UVCI:01:AT:TEST0000000000000000#0'],
      ]),
    ],
  ],
]);

/** SAMPLE_DCC as the JSON a verifier hands out. */
export const SAMPLE_DCC_JSON = {
  ver: '1.3.0',
  nam: { fn: 'Muster', fnt: 'MUSTER', gn: 'Erika', gnt: 'ERIKA' },
  dob: '1964-08-12',
  r: [{ tg: '840539006', fr: '2025-12-01', co: 'AT', is: 'Test Ministry', df: '2025-12-12', du: '2026-05-30', ci: 'URN:UVCI:01:AT:TEST0000000000000000#0' }],
};
