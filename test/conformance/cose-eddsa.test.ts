/** COSE WG Ed25519 Sign1 example (cose-wg/Examples eddsa-sig-01) through our COSE layer. */
import { expect, it } from 'vitest';
import { parseSign1, sigStructure, HEADER_ALG } from '../../src/cose/sign1.js';
import { fromHex, toHex } from '../../src/codec/bytes.js';
import { verifyEd25519 } from '../../src/crypto/backend.js';
import { allBackends } from '../support/backends.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';

interface CoseExample {
  input: { plaintext: string; sign0: { key: { x_hex: string; d_hex: string } } };
  intermediates: { ToBeSign_hex: string };
  output: { cbor: string };
}

describeVectors('cose-wg', 'COSE WG Ed25519 Sign1', () => {
  const example = readVectorJson<CoseExample>('cose-wg', 'eddsa-examples/eddsa-sig-01.json');
  const bytes = fromHex(example.output.cbor);

  it('parses (tag 18) and rebuilds the Sig_structure from the protected bytes as received', () => {
    const sign1 = parseSign1(bytes, { payloadIsCbor: false });
    expect(sign1.tagged).toBe(true);
    expect(sign1.protectedHeader.get(HEADER_ALG)).toBe(-8);
    expect(new TextDecoder().decode(sign1.payloadBytes)).toBe(example.input.plaintext);
    expect(toHex(sigStructure(sign1.protectedBytes, sign1.payloadBytes))).toBe(example.intermediates.ToBeSign_hex.toLowerCase());
  });

  it('verifies on every backend, re-signs byte-for-byte, and rejects a changed payload', async () => {
    const sign1 = parseSign1(bytes, { payloadIsCbor: false });
    const message = sigStructure(sign1.protectedBytes, sign1.payloadBytes);
    const altered = sigStructure(sign1.protectedBytes, new TextEncoder().encode('This is the content!'));
    const backends = await allBackends();
    expect(backends.length).toBeGreaterThanOrEqual(2);
    for (const backend of backends) {
      const pub = await backend.importPublicKey(fromHex(example.input.sign0.key.x_hex));
      expect(await verifyEd25519(backend, pub, message, sign1.signature)).toBe(true);
      expect(await verifyEd25519(backend, pub, altered, sign1.signature)).toBe(false);
      const priv = await backend.importPrivateKey(fromHex(example.input.sign0.key.d_hex));
      expect(toHex(await backend.sign(priv, message))).toBe(toHex(sign1.signature));
    }
  });
});
