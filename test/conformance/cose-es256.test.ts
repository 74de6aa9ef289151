/**
 * COSE WG ES256 Sign1 examples (cose-wg/Examples: sign1-tests, ecdsa-examples/ecdsa-sig-01,
 * -02, -04, RFC8152/Appendix_C_2_1) through the DCC profile's COSE path (`checkDccSignature`:
 * strict CBOR, shape, kid and alg protected-else-unprotected, the trust-list key, the
 * signature), with the example's key as an ES256 trust-list entry. The payloads are text, not
 * claims, so the path runs without CBOR payload decoding; the claims rules are not involved.
 *
 * Every pass case must verify and every `fail: true` case must be refused with the code
 * listed; the examples our profile refuses on purpose are listed with the reason (see
 * ../shared/vectors/cose-wg/README.md, "Caveats").
 */
import { expect, it } from 'vitest';
import { fromHex, toBase64Url, toHex } from '../../src/codec/bytes.js';
import { parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { isHealthCodeError, TrustList, type ErrorCode } from '../../src/index.js';
import { checkDccSignature } from '../../src/verify-dcc.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';

interface CoseExample {
  title: string;
  fail?: boolean;
  input: {
    plaintext: string;
    sign0: { key: { kty: string; crv: string; kid: string; x: string; y: string }; external?: string };
  };
  intermediates: { ToBeSign_hex: string };
  output: { cbor: string };
}

/** What our DCC COSE path answers: 'verifies' or the code of the refusal. */
const EXPECTED: Record<string, { outcome: 'verifies' | ErrorCode; why?: string }> = {
  'sign1-tests/sign-pass-02.json': { outcome: 'verifies' },
  'sign1-tests/sign-pass-03.json': { outcome: 'verifies' },
  'ecdsa-examples/ecdsa-sig-01.json': { outcome: 'verifies' },
  'RFC8152/Appendix_C_2_1.json': { outcome: 'verifies' },
  'sign1-tests/sign-fail-01.json': { outcome: 'BAD_COSE', why: 'tag 998 instead of 18: not a COSE_Sign1' },
  'sign1-tests/sign-fail-02.json': { outcome: 'BAD_SIGNATURE', why: 'payload changed after signing' },
  'sign1-tests/sign-fail-03.json': { outcome: 'ALG_MISMATCH', why: 'alg -999' },
  'sign1-tests/sign-fail-04.json': { outcome: 'ALG_MISMATCH', why: 'alg "unknown" (text)' },
  'sign1-tests/sign-fail-06.json': { outcome: 'BAD_SIGNATURE', why: 'protected attribute added after signing' },
  'sign1-tests/sign-fail-07.json': { outcome: 'BAD_SIGNATURE', why: 'protected attribute removed after signing' },
  // Pass cases in the source that our profile refuses, on purpose:
  'sign1-tests/sign-pass-01.json': {
    outcome: 'BAD_SIGNATURE',
    why: "protected is h'A0' but was signed as h'' (zero-length): we check the protected bytes as received (RFC 9052 §4.4), so it does not verify",
  },
  'ecdsa-examples/ecdsa-sig-02.json': { outcome: 'ALG_MISMATCH', why: 'ES384: the DCC profile has ES256 and PS256 only' },
  'ecdsa-examples/ecdsa-sig-04.json': { outcome: 'ALG_MISMATCH', why: 'ES512 with a P-256 key: not a DCC algorithm, and alg is tied to the key' },
};

async function outcomeOf(example: CoseExample): Promise<'verifies' | ErrorCode> {
  const key = example.input.sign0.key;
  const kid = toBase64Url(new TextEncoder().encode(key.kid));
  const jwk = key.crv === 'P-256' ? { kty: 'EC', crv: 'P-256', x: key.x, y: key.y, kid, alg: 'ES256', iss: 'COSE-WG' } : undefined;
  const trust = await TrustList.fromJWKS({ keys: jwk ? [jwk] : [] });
  const external = example.input.sign0.external;
  try {
    await checkDccSignature(fromHex(example.output.cbor), trust, await getDefaultBackend(), {
      payloadIsCbor: false,
      ...(external !== undefined && { externalAad: fromHex(external) }),
    });
    return 'verifies';
  } catch (error) {
    if (isHealthCodeError(error)) return error.code;
    throw error;
  }
}

describeVectors('cose-wg', 'COSE WG ES256 Sign1 through the DCC COSE path', () => {
  it('covers 4 pass and 6 fail cases of the source, and 3 it lists as passing that the profile refuses', () => {
    const examples = Object.keys(EXPECTED).map((f) => [f, readVectorJson<CoseExample>('cose-wg', f)] as const);
    expect(examples.filter(([, e]) => e.fail === true)).toHaveLength(6);
    expect(examples.filter(([f, e]) => e.fail !== true && EXPECTED[f]!.outcome === 'verifies')).toHaveLength(4);
    expect(examples.filter(([f, e]) => e.fail !== true && EXPECTED[f]!.outcome !== 'verifies')).toHaveLength(3);
  });

  for (const [file, { outcome, why }] of Object.entries(EXPECTED)) {
    it(`${file}: ${outcome}${why ? ` (${why})` : ''}`, async () => {
      const example = readVectorJson<CoseExample>('cose-wg', file);
      if (outcome === 'verifies') expect(example.fail).not.toBe(true);
      if (example.fail) expect(outcome).not.toBe('verifies');
      expect(await outcomeOf(example)).toBe(outcome);
    });
  }

  it('rebuilds the signed bytes (ToBeSign) from the protected bucket as received, for every verifying case', () => {
    for (const [file, { outcome }] of Object.entries(EXPECTED)) {
      if (outcome !== 'verifies') continue;
      const example = readVectorJson<CoseExample>('cose-wg', file);
      const sign1 = parseSign1(fromHex(example.output.cbor), { payloadIsCbor: false });
      const external = example.input.sign0.external;
      const toBeSigned = sigStructure(sign1.protectedBytes, sign1.payloadBytes, external ? fromHex(external) : undefined);
      expect(toHex(toBeSigned), file).toBe(example.intermediates.ToBeSign_hex.toLowerCase());
      expect(new TextDecoder().decode(sign1.payloadBytes)).toBe(example.input.plaintext);
    }
  });
});
