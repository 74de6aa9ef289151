/**
 * Wycheproof ECDSA P-256 / SHA-256 with IEEE P1363 (r || s) signatures, the COSE ES256 form
 * (RFC 9053 §2.1), through the registry: importVerifyKey(ES256, jwk) then verifySignature, on both engines.
 * A key the import refuses counts as a reject for its tests. "acceptable" must be rejected
 * (none in this file), as in ed25519.test.ts; an unknown result fails.
 */
import { expect, it } from 'vitest';
import { fromHex, toBase64Url } from '../../src/codec/bytes.js';
import { getAlgorithmByName, importVerifyKey, verifySignature, type VerifyKey } from '../../src/crypto/algorithms.js';
import type { Ed25519Backend } from '../../src/crypto/backend.js';
import { createNodeBackend } from '../../src/crypto/node.js';
import { createWebCryptoBackend } from '../../src/crypto/webcrypto.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';

/** The two engines of ES256/PS256 keys: the node backend's node:crypto, and WebCrypto. */
const ENGINES: Ed25519Backend[] = [createNodeBackend()!, createWebCryptoBackend()!];

const ES256 = getAlgorithmByName('ES256');

interface WycheproofEcdsa {
  algorithm: string;
  numberOfTests: number;
  testGroups: {
    type: string;
    sha: string;
    publicKey: { curve: string; uncompressed: string };
    publicKeyJwk?: Record<string, unknown>;
    tests: { tcId: number; comment: string; flags: string[]; msg: string; sig: string; result: string }[];
  }[];
}

function expectedOutcome(result: string): boolean {
  if (result === 'valid') return true;
  if (result === 'invalid' || result === 'acceptable') return false;
  throw new Error(`unknown Wycheproof result ${JSON.stringify(result)}`);
}

/** The group's JWK, or one built from the uncompressed point where the file gives none. */
function groupJwk(group: WycheproofEcdsa['testGroups'][number]): Record<string, unknown> {
  if (group.publicKeyJwk) return group.publicKeyJwk;
  const point = fromHex(group.publicKey.uncompressed);
  expect(point.length).toBe(65);
  expect(point[0]).toBe(0x04);
  return { kty: 'EC', crv: 'P-256', x: toBase64Url(point.subarray(1, 33)), y: toBase64Url(point.subarray(33)) };
}

describeVectors('wycheproof-ecdsa-p256', 'Wycheproof ECDSA P-256 P1363 verify (ES256)', () => {
  const file = readVectorJson<WycheproofEcdsa>('wycheproof-ecdsa-p256', 'ecdsa_secp256r1_sha256_p1363_test.json');
  const keys = new Map<string, Promise<VerifyKey | undefined>>();
  const keyOf = (index: number, backend: Ed25519Backend) => {
    let key = keys.get(`${backend.name} ${index}`);
    if (!key) {
      key = importVerifyKey(ES256, groupJwk(file.testGroups[index]!), { backend }).catch(() => undefined);
      keys.set(`${backend.name} ${index}`, key);
    }
    return key;
  };
  const cases = file.testGroups.flatMap((group, index) => group.tests.map((test) => ({ group, index, test })));

  it('is the P1363 P-256 SHA-256 file (262 tests: 173 valid, 89 invalid)', () => {
    expect(file.algorithm).toBe('ECDSA');
    expect(cases.length).toBe(file.numberOfTests);
    const counts: Record<string, number> = {};
    for (const { group, test } of cases) {
      expect(group.type).toBe('EcdsaP1363Verify');
      expect(group.sha).toBe('SHA-256');
      expect(group.publicKey.curve).toBe('secp256r1');
      counts[test.result] = (counts[test.result] ?? 0) + 1;
    }
    expect(counts).toEqual({ valid: 173, invalid: 89 });
  });

  for (const { index, test } of cases) {
    it(`tcId ${test.tcId} [${test.flags.join(',')}] ${test.result}${test.comment ? `: ${test.comment}` : ''}`, async () => {
      const expected = expectedOutcome(test.result);
      // Both engines: node:crypto (the node backend's) and WebCrypto (every other runtime's).
      for (const backend of ENGINES) {
        const key = await keyOf(index, backend);
        const answer = key !== undefined && (await verifySignature(ES256, key, fromHex(test.msg), fromHex(test.sig)));
        expect(answer, backend.name).toBe(expected);
      }
    });
  }
});
