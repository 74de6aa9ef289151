/**
 * Differential checks on hostile input (issue #6), extending test/property/codec.test.ts
 * (cbor2) and crypto.test.ts / conformance/ed25519.test.ts (backends on random, torsion and
 * Wycheproof signatures) to the structures a verifier meets: whole codes. Two verifiers that
 * read one code two ways are an attack; so are two backends that disagree on one signature.
 */
import { createRequire } from 'node:module';
import { Tag as Cbor2Tag, decode as cbor2Decode } from 'cbor2';
import { Simple as Cbor2Simple } from 'cbor2/simple';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { fromBase64Url } from '../../src/codec/bytes.js';
import { CborSimple, CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import type { Ed25519Backend } from '../../src/crypto/backend.js';
import { TrustList, verify } from '../../src/index.js';
import { allBackends } from '../support/backends.js';
import { fixedIssuerKey } from '../support/keys.js';
import { applyShapeDefect, GEN_NOW, goodHeader, shapeDefectArb, signCode, validClaimsArb, wrongClaimsArb, wrongHeaderArb } from './generators.js';

/** The `base45` package (no type declarations of its own). */
const { decode: base45Decode, encode: base45Encode } = createRequire(import.meta.url)('base45') as {
  decode(text: string): Uint8Array;
  encode(bytes: Uint8Array): string;
};

const SEED = 0x4449_4646; // "DIFF"
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const CBOR2_DECODE = { preferMap: true, ignoreGlobalTags: true, preferBigInt: true } as const;

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let kid: Uint8Array;
let trust: TrustList;
let backends: Ed25519Backend[];

beforeAll(async () => {
  key = await fixedIssuerKey();
  kid = fromBase64Url(key.kid)!;
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  backends = await allBackends();
});

function fromCbor2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromCbor2);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [fromCbor2(k), fromCbor2(x)]));
  if (v instanceof Cbor2Tag) return new CborTag(typeof v.tag === 'bigint' ? v.tag : Number(v.tag), fromCbor2(v.contents));
  if (v instanceof Cbor2Simple) return new CborSimple(v.value);
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (typeof v === 'bigint' && v >= -MAX_SAFE && v <= MAX_SAFE) return Number(v);
  return v;
}

/** A hostile code's COSE bytes: a signed code with wrong claims or header, or a wrong shape, then maybe a byte changed. */
const hostileCoseArb = fc
  .tuple(
    fc.oneof(
      wrongClaimsArb.map((c) => ({ kind: 'claims' as const, c })),
      wrongHeaderArb(new Uint8Array(8)).map((h) => ({ kind: 'header' as const, h })),
      shapeDefectArb.map((d) => ({ kind: 'shape' as const, d })),
    ),
    validClaimsArb,
    fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))),
  )
  .map(([c, claims, flip]) => ({ c, claims, flip }));

async function hostileCose(spec: typeof hostileCoseArb extends fc.Arbitrary<infer T> ? T : never): Promise<Uint8Array> {
  let bytes: Uint8Array;
  if (spec.c.kind === 'claims') bytes = (await signCode(key.seed, goodHeader(kid), spec.c.c.payload)).cose;
  else if (spec.c.kind === 'header') bytes = (await signCode(key.seed, spec.c.h.header, spec.claims, spec.c.h.raw ? { protectedBytes: spec.c.h.raw } : {})).cose;
  else bytes = applyShapeDefect((await signCode(key.seed, goodHeader(kid), spec.claims)).cose, spec.c.d).bytes;
  if (spec.flip && bytes.length > 0) {
    bytes = bytes.slice();
    bytes[spec.flip[0] % bytes.length]! ^= spec.flip[1];
  }
  return bytes;
}

describe('differential: whole codes', () => {
  it('every Ed25519 backend (node, WebCrypto, noble) gives verify the same result on hostile and mutated codes', async () => {
    expect(backends.length).toBeGreaterThanOrEqual(2);
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(hostileCoseArb, async (spec) => {
        const text = `HQ1:${encodeBase45(await hostileCose(spec))}`;
        const results = [];
        for (const backend of backends) results.push(await verify(text, trust, { now: GEN_NOW, backend }));
        for (const r of results.slice(1)) expect(r).toEqual(results[0]);
        if (results[0]!.valid) valid++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(valid).toBeGreaterThan(0); // the generators reach the signature, not only the parsers
  });

  it('cbor2 reads every COSE array, protected header and payload we accept as the same value; what cbor2 refuses, we refuse', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCoseArb, async (spec) => {
        const outer = await hostileCose(spec);
        const items: Uint8Array[] = [outer];
        try {
          const parts = decodeCbor(outer);
          if (Array.isArray(parts)) items.push(...parts.filter((p): p is Uint8Array => p instanceof Uint8Array));
        } catch {
          // refused by us: compared below
        }
        for (const bytes of items) {
          let ours: unknown;
          let oursOk = true;
          try {
            ours = decodeCbor(bytes, { maxDepth: 64 });
          } catch {
            oursOk = false;
          }
          let theirs: unknown;
          let theirsOk = true;
          try {
            theirs = fromCbor2(cbor2Decode(bytes, CBOR2_DECODE));
          } catch {
            theirsOk = false;
          }
          if (!theirsOk) expect(oursOk, 'we accept what cbor2 refuses').toBe(false);
          if (oursOk) expect(encodeCbor(theirs)).toEqual(encodeCbor(ours));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('the base45 package decodes every text we accept to the same bytes, and we refuse what it cannot encode back', () => {
    const alphabet = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet, 'a', ':', '\u00e9'), maxLength: 60 }), (text) => {
        let ours: Uint8Array | undefined;
        try {
          ours = decodeBase45(text);
        } catch {
          ours = undefined;
        }
        let theirs: Uint8Array | undefined;
        try {
          theirs = new Uint8Array(base45Decode(text));
        } catch {
          theirs = undefined;
        }
        if (ours) {
          expect(theirs).toEqual(ours);
          expect(base45Encode(Buffer.from(ours))).toBe(text);
        } else if (theirs) {
          // The package is lax (it may read a triple over 65535 or a dangling character): we are
          // strict, and what we refuse is never what an encoder writes for those bytes.
          expect(base45Encode(Buffer.from(theirs))).not.toBe(text);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
