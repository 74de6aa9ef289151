/**
 * Ed25519 conformance on every backend (node, webcrypto, noble), each through the path the
 * library uses: checkEd25519PublicKey on the key (a trust-list load), backend import, then
 * verifyEd25519 (strict checks + backend).
 *
 * Wycheproof "acceptable" decision: an acceptable vector must be REJECTED. HQ1 promises one
 * strict answer on every backend (DESIGN.md rule 9), so a signature Wycheproof calls merely
 * acceptable (legacy or edge-case encodings) is one we do not take. The file holds none today;
 * the branch is here so a future snapshot with some fails loudly if any backend accepts one.
 */
import { expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/codec/bytes.js';
import { verifyEd25519, type Ed25519Backend } from '../../src/crypto/backend.js';
import { checkEd25519PublicKey } from '../../src/crypto/ed25519-strict.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';
import { allBackends } from '../unit/crypto/helpers.js';

const backends = allBackends();

/** Imports through the library's path; undefined when the key is refused (counts as a reject). */
async function importChecked(backend: Ed25519Backend, raw: Uint8Array) {
  if (checkEd25519PublicKey(raw) !== 'ok') return undefined;
  return backend.importPublicKey(raw);
}

async function verifyOn(backend: Ed25519Backend, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) {
  const key = await importChecked(backend, publicKey);
  return key !== undefined && (await verifyEd25519(backend, key, message, signature));
}

interface Rfc8032File {
  vectors: { name: string; secretKey: string; publicKey: string; message: string; signature: string; messageLength: number }[];
}

describeVectors('rfc8032', 'RFC 8032 §7.1 Ed25519', () => {
  const file = readVectorJson<Rfc8032File>('rfc8032', 'ed25519.json');

  it('has the five RFC vectors', () => {
    expect(file.vectors.map((v) => v.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
  });

  for (const v of file.vectors) {
    it(`${v.name}: derive, sign byte for byte, verify, and reject a flipped bit, on every backend`, async () => {
      const seed = fromHex(v.secretKey);
      const publicKey = fromHex(v.publicKey);
      const message = fromHex(v.message);
      const signature = fromHex(v.signature);
      expect(message.length).toBe(v.messageLength);
      expect(checkEd25519PublicKey(publicKey)).toBe('ok');
      for (const backend of backends) {
        expect(toHex(await backend.publicKeyFromSeed(seed)), backend.name).toBe(v.publicKey);
        const signer = await backend.importPrivateKey(seed);
        expect(toHex(await backend.sign(signer, message)), backend.name).toBe(v.signature);
        expect(await verifyOn(backend, publicKey, message, signature), backend.name).toBe(true);
        const badSig = signature.slice();
        badSig[message.length % 64]! ^= 0x01;
        expect(await verifyOn(backend, publicKey, message, badSig), backend.name).toBe(false);
        if (message.length > 0) {
          const badMsg = message.slice();
          badMsg[badMsg.length - 1]! ^= 0x80;
          expect(await verifyOn(backend, publicKey, badMsg, signature), backend.name).toBe(false);
        }
      }
    });
  }
});

interface WycheproofEddsa {
  algorithm: string;
  numberOfTests: number;
  testGroups: {
    type: string;
    publicKey: { curve: string; pk: string };
    tests: { tcId: number; comment: string; flags: string[]; msg: string; sig: string; result: string }[];
  }[];
}

/** What the library must answer for a Wycheproof result; an unknown result fails the test. */
function expectedOutcome(result: string): boolean {
  if (result === 'valid') return true;
  if (result === 'invalid') return false;
  if (result === 'acceptable') return false; // strict: see the file comment
  throw new Error(`unknown Wycheproof result ${JSON.stringify(result)}`);
}

describeVectors('wycheproof-ed25519', 'Wycheproof Ed25519 verify', () => {
  const file = readVectorJson<WycheproofEddsa>('wycheproof-ed25519', 'ed25519_test.json');
  const cases = file.testGroups.flatMap((group) => group.tests.map((test) => ({ group, test })));

  it('is the EdDSA verify file this harness reads (151 tests: 88 valid, 63 invalid)', () => {
    expect(file.algorithm).toBe('EDDSA');
    expect(cases.length).toBe(file.numberOfTests);
    const counts: Record<string, number> = {};
    for (const { group, test } of cases) {
      expect(group.type).toBe('EddsaVerify');
      expect(group.publicKey.curve).toBe('edwards25519');
      counts[test.result] = (counts[test.result] ?? 0) + 1;
    }
    expect(counts).toEqual({ valid: 88, invalid: 63 });
  });

  for (const { group, test } of cases) {
    it(`tcId ${test.tcId} [${test.flags.join(',')}] ${test.result}${test.comment ? `: ${test.comment}` : ''}`, async () => {
      const expected = expectedOutcome(test.result);
      const answers: Record<string, boolean> = {};
      for (const backend of backends) {
        answers[backend.name] = await verifyOn(backend, fromHex(group.publicKey.pk), fromHex(test.msg), fromHex(test.sig));
      }
      expect(answers).toEqual({ node: expected, webcrypto: expected, noble: expected });
    });
  }
});
