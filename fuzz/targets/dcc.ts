/**
 * `verify` on EU DCC codes (`HC1:`, the DCC profile, `dcc: true`). The first byte picks the
 * mode: even, the rest is the COSE_Sign1, which the target compresses (zlib) so mutations reach
 * CBOR, COSE, the ES256/PS256 signature and the claims; odd, the rest is the zlib stream itself
 * (header, blocks, trailer, the 64 KiB inflate cap). Trust: our ES256 and PS256 signer
 * certificates and the certificates of the EU test corpus. Oracles as for `verify`: never
 * throws, stable codes, no accept with a signature input nobody signed.
 */
import { deflateSync } from 'node:zlib';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { toHex } from '../../src/codec/bytes.js';
import { inflateCapped } from '../../src/codec/inflate.js';
import { parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { TrustList, verify, type AnyVerifyResult, type VerifyResult } from '../../src/index.js';
import { base64, certificateKid, dccClaims, makeCertificate, makeDccCose, makeKey } from '../../test/support/dcc.js';
import { GEN_NOW } from '../../test/property/generators.js';
import { sharedJson, stringsUnder } from '../seeds.js';
import { checkResult, HQ1_DICTIONARY } from './verify.js';
import type { FuzzTarget } from './target.js';

interface Setup {
  readonly trust: TrustList;
  readonly signed: Map<string, string>;
  readonly seeds: Uint8Array[];
}

let setup: Promise<Setup> | undefined;

function prepare(): Promise<Setup> {
  return (setup ??= (async () => {
    const ec = makeKey('P-256');
    const rsa = makeKey('RSA-2048');
    const window = { notBefore: GEN_NOW - 365 * 86_400, notAfter: GEN_NOW + 365 * 86_400 };
    const ours = [makeCertificate({ key: ec, country: 'AT', ...window }), makeCertificate({ key: rsa, country: 'DE', ...window })];
    const certificates = ours.map((der) => ({ certificate: base64(der) }));
    const corpus = sharedJson('dcc');
    for (const j of corpus) for (const c of stringsUnder(j, (k) => k === 'CERTIFICATE')) certificates.push({ certificate: c });
    const trust = await TrustList.fromCertificates(certificates, { skipInvalid: true, ignoreValidity: true });
    const cose: Uint8Array[] = [];
    for (const [key, country, alg] of [[ec, 'AT', -7], [rsa, 'DE', -37]] as const) {
      const kid = certificateKid(ours[country === 'AT' ? 0 : 1]!);
      const claims = dccClaims(country, GEN_NOW - 3600, GEN_NOW + 86_400);
      cose.push(makeDccCose({ key, protectedHeader: new Map<number, unknown>([[1, alg], [4, kid]]), claims }));
      cose.push(makeDccCose({ key, protectedHeader: new Map<number, unknown>([[1, alg]]), unprotectedHeader: new Map<number, unknown>([[4, kid]]), claims }));
      cose.push(makeDccCose({ key, protectedHeader: new Map<number, unknown>([[1, alg], [4, kid]]), claims: dccClaims(country, GEN_NOW - 3600.5, GEN_NOW + 86_400.5) }));
    }
    const seeds = cose.map((c) => Uint8Array.of(0, ...c));
    for (const j of corpus.slice(0, 200)) {
      for (const text of stringsUnder(j, (k) => k === 'PREFIX')) {
        if (!text.startsWith('HC1:')) continue;
        try {
          const zlib = decodeBase45(text.slice(4));
          seeds.push(Uint8Array.of(1, ...zlib));
          seeds.push(Uint8Array.of(0, ...(await inflateCapped(zlib))));
        } catch {
          seeds.push(Uint8Array.of(1, ...new TextEncoder().encode(text.slice(4))));
        }
      }
    }
    const signed = new Map<string, string>();
    for (const seed of seeds) {
      const result = await run(seed, trust);
      if (result?.valid) {
        const parsed = parseSign1(seed[0] === 0 ? seed.subarray(1) : await inflateCapped(seed.subarray(1)), { wrapFloats: false });
        signed.set(toHex(sigStructure(parsed.protectedBytes, parsed.payloadBytes)), JSON.stringify(result));
      }
    }
    if (signed.size === 0) throw new Error('no seed DCC verifies: the setup is wrong');
    return { trust, signed, seeds };
  })());
}

async function run(data: Uint8Array, trust: TrustList): Promise<AnyVerifyResult | undefined> {
  if (data.length === 0) return undefined;
  const zlib = data[0]! & 1 ? data.subarray(1) : new Uint8Array(deflateSync(data.subarray(1)));
  return verify(`HC1:${encodeBase45(zlib)}`, trust, { now: GEN_NOW, dcc: true });
}

const target: FuzzTarget = {
  name: 'dcc',
  description: 'verify(HC1: …, { dcc: true }) on COSE bytes (compressed here) and on raw zlib streams',
  maxLength: 4096,
  dictionary: [...HQ1_DICTIONARY, Uint8Array.of(0x78, 0x9c), Uint8Array.of(0x78, 0xda), Uint8Array.of(0xd8, 0x3d, 0xd2), Uint8Array.of(0x26), Uint8Array.of(0x38, 0x24), Uint8Array.of(0x39, 0x01, 0x03), Uint8Array.of(0xa1, 0x01, 0xa4, 0x61, 0x76)],
  async seeds() {
    return [...(await prepare()).seeds];
  },
  async run(data) {
    const { trust, signed } = await prepare();
    const result = await run(data, trust);
    if (!result) return;
    if (!result.valid) return checkResult(result as VerifyResult, [], signed);
    const cose = data[0]! & 1 ? await inflateCapped(data.subarray(1)) : data.subarray(1);
    const parsed = parseSign1(cose, { wrapFloats: false });
    checkResult(result as VerifyResult, [sigStructure(parsed.protectedBytes, parsed.payloadBytes)], signed);
  },
};

export default target;
