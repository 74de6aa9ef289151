/**
 * The COSE_Sign1 parser (RFC 9052 §4.2, DESIGN.md rules 4–5). Oracles: any bytes parse or
 * fail with `BAD_CBOR` / `TOO_LARGE` / `BAD_COSE`, under each parse option; what parses keeps
 * the protected and payload bytes exactly as received (they are what the signature covers),
 * and re-encoding the parts parses back to the same parts.
 */
import { bytesEqual, toHex } from '../../src/codec/bytes.js';
import { decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { encodeSign1, parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { isHealthCodeError } from '../../src/errors.js';
import { cborSeeds } from '../seeds.js';
import { expectCodes, FuzzFinding, type FuzzTarget } from './target.js';
import { HQ1_DICTIONARY } from './verify.js';

const ALLOWED = ['BAD_CBOR', 'TOO_LARGE', 'BAD_COSE'];

function contains(outer: Uint8Array, inner: Uint8Array): boolean {
  outer: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let j = 0; j < inner.length; j++) if (outer[i + j] !== inner[j]) continue outer;
    return true;
  }
  return false;
}

const target: FuzzTarget = {
  name: 'cose',
  description: 'parseSign1: BAD_CBOR/TOO_LARGE/BAD_COSE only; parts kept as received; encode/parse round trip',
  maxLength: 4096,
  dictionary: HQ1_DICTIONARY,
  async seeds() {
    return cborSeeds().filter((b) => b.length > 0 && (b[0] === 0x84 || b[0] === 0xd2));
  },
  run(data) {
    for (const options of [{}, { payloadIsCbor: false }, { wrapFloats: false }]) {
      const sign1 = expectCodes(() => parseSign1(data, options), ALLOWED, isHealthCodeError);
      if (!sign1) continue;
      if (!contains(data, sign1.protectedBytes) || !contains(data, sign1.payloadBytes)) {
        throw new FuzzFinding('round-trip', `protected or payload bytes are not those received: ${toHex(data)}`);
      }
      sigStructure(sign1.protectedBytes, sign1.payloadBytes);
      const again = parseSign1(encodeSign1(sign1.protectedBytes, sign1.payloadBytes, sign1.signature), options);
      if (!bytesEqual(again.protectedBytes, sign1.protectedBytes) || !bytesEqual(again.payloadBytes, sign1.payloadBytes) || !bytesEqual(again.signature, sign1.signature)) {
        throw new FuzzFinding('round-trip', `re-encoded COSE_Sign1 parses to other parts: ${toHex(data)}`);
      }
      if (!bytesEqual(encodeCbor(decodeCbor(encodeCbor(sign1.unprotectedHeader))), encodeCbor(sign1.unprotectedHeader))) {
        throw new FuzzFinding('round-trip', 'unprotected header does not re-encode stably');
      }
    }
  },
};

export default target;
