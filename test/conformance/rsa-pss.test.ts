/**
 * Wycheproof RSASSA-PSS vectors for exactly COSE PS256 (RFC 8230 §2): SHA-256, MGF1 with
 * SHA-256, salt length 32. Every `rsa_pss_<bits>_sha256_mgf1_32_test.json` in the set runs
 * (the `_params` variants test SPKI parameter parsing, which JWK import does not have), through
 * importVerifyKey(PS256, jwk) then verifySignature. "acceptable" must be rejected; an unknown
 * result fails.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fromHex } from '../../src/codec/bytes.js';
import { getAlgorithmByName, importVerifyKey, verifySignature, type VerifyKey } from '../../src/crypto/algorithms.js';
import type { Ed25519Backend } from '../../src/crypto/backend.js';
import { createNodeBackend } from '../../src/crypto/node.js';
import { createWebCryptoBackend } from '../../src/crypto/webcrypto.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';

/** The two engines of ES256/PS256 keys: the node backend's node:crypto, and WebCrypto. */
const ENGINES: Ed25519Backend[] = [createNodeBackend()!, createWebCryptoBackend()!];

const PS256 = getAlgorithmByName('PS256');
const PS256_FILE = /^rsa_pss_(\d+)_sha256_mgf1_32_test\.json$/;

interface WycheproofPss {
  algorithm: string;
  numberOfTests: number;
  testGroups: {
    type: string;
    keySize: number;
    sha: string;
    mgf: string;
    mgfSha: string;
    sLen: number;
    publicKeyJwk: Record<string, unknown>;
    tests: { tcId: number; comment: string; flags: string[]; msg: string; sig: string; result: string }[];
  }[];
}

function expectedOutcome(result: string): boolean {
  if (result === 'valid') return true;
  if (result === 'invalid' || result === 'acceptable') return false;
  throw new Error(`unknown Wycheproof result ${JSON.stringify(result)}`);
}

describeVectors('wycheproof-rsa-pss', 'Wycheproof RSASSA-PSS verify (PS256)', (dir) => {
  const files = readdirSync(dir).filter((name) => PS256_FILE.test(name)).sort();

  it('has the PS256 parameter set (today: the 2048-bit file, 108 tests: 63 valid, 45 invalid)', () => {
    expect(files).toEqual(['rsa_pss_2048_sha256_mgf1_32_test.json']);
    const counts: Record<string, number> = {};
    for (const name of files) {
      for (const group of readVectorJson<WycheproofPss>('wycheproof-rsa-pss', name).testGroups) {
        for (const test of group.tests) counts[test.result] = (counts[test.result] ?? 0) + 1;
      }
    }
    expect(counts).toEqual({ valid: 63, invalid: 45 });
  });

  for (const name of files) {
    const file = readVectorJson<WycheproofPss>('wycheproof-rsa-pss', name);
    const keys = new Map<string, Promise<VerifyKey | undefined>>();
    const keyOf = (index: number, backend: Ed25519Backend) => {
      let key = keys.get(`${backend.name} ${index}`);
      if (!key) {
        key = importVerifyKey(PS256, file.testGroups[index]!.publicKeyJwk, { backend }).catch(() => undefined);
        keys.set(`${backend.name} ${index}`, key);
      }
      return key;
    };
    const cases = file.testGroups.flatMap((group, index) => group.tests.map((test) => ({ group, index, test })));

    it(`${name}: groups are RSASSA-PSS SHA-256 / MGF1-SHA-256 / salt 32`, () => {
      expect(cases.length).toBe(file.numberOfTests);
      for (const group of file.testGroups) {
        expect(group).toMatchObject({ type: 'RsassaPssVerify', sha: 'SHA-256', mgf: 'MGF1', mgfSha: 'SHA-256', sLen: 32 });
        expect(`rsa_pss_${group.keySize}_sha256_mgf1_32_test.json`).toBe(name);
      }
    });

    for (const { index, test } of cases) {
      it(`${name} tcId ${test.tcId} [${test.flags.join(',')}] ${test.result}${test.comment ? `: ${test.comment}` : ''}`, async () => {
        const expected = expectedOutcome(test.result);
        // Both engines: node:crypto (the node backend's) and WebCrypto (every other runtime's).
        for (const backend of ENGINES) {
          const key = await keyOf(index, backend);
          const answer = key !== undefined && (await verifySignature(PS256, key, fromHex(test.msg), fromHex(test.sig)));
          expect(answer, backend.name).toBe(expected);
        }
      });
    }
  }
});
