/**
 * The strict CBOR decoder (DESIGN.md rule 4). Oracles: any bytes decode or fail with
 * `BAD_CBOR` / `TOO_LARGE` (with the default limits and with small ones); what decodes
 * re-encodes deterministically to a value that decodes equal; and cbor2, an independent
 * decoder, reads whatever we accept as the same value (a parser differential is how one
 * verifier reads a code that another reads otherwise).
 */
import { Tag as Cbor2Tag, decode as cbor2Decode } from 'cbor2';
import { Simple as Cbor2Simple } from 'cbor2/simple';
import { bytesEqual, toHex } from '../../src/codec/bytes.js';
import { CborSimple, CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { isHealthCodeError } from '../../src/errors.js';
import { cborSeeds } from '../seeds.js';
import { expectCodes, FuzzFinding, type FuzzTarget } from './target.js';

const CBOR2_DECODE = { preferMap: true, ignoreGlobalTags: true, preferBigInt: true } as const;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** cbor2's output in our representation (as in test/property/codec.test.ts). */
function fromCbor2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromCbor2);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [fromCbor2(k), fromCbor2(x)]));
  if (v instanceof Cbor2Tag) return new CborTag(typeof v.tag === 'bigint' ? v.tag : Number(v.tag), fromCbor2(v.contents));
  if (v instanceof Cbor2Simple) return new CborSimple(v.value);
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (typeof v === 'bigint' && v >= -MAX_SAFE && v <= MAX_SAFE) return Number(v);
  return v;
}

const target: FuzzTarget = {
  name: 'cbor',
  description: 'decodeCbor: BAD_CBOR/TOO_LARGE only; deterministic re-encoding round-trips; cbor2 agrees on what we accept',
  // Past the item budget (8,192 one-byte items), as status-list tokens and trust lists can be.
  maxLength: 16 * 1024,
  dictionary: [0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x38, 0x5f, 0x7f, 0x9f, 0xbf, 0xff, 0xc0, 0xc2, 0xd2, 0xd8, 0xf8, 0xf9, 0xfa, 0xfb, 0xf7].map((b) => Uint8Array.of(b)).concat([
    Uint8Array.of(0xa1, 0x01, 0x01), Uint8Array.of(0x81, 0x81, 0x81, 0x81), Uint8Array.of(0xf9, 0x7e, 0x00), Uint8Array.of(0xf9, 0x80, 0x00), Uint8Array.of(0x62, 0xc3, 0x28),
    Uint8Array.of(0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0x1b, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
  ]),
  async seeds() {
    return cborSeeds();
  },
  run(data) {
    expectCodes(() => decodeCbor(data, { maxDepth: 3, maxItems: 16, maxBytes: 64, wrapFloats: true }), ['BAD_CBOR', 'TOO_LARGE'], isHealthCodeError);
    const decoded = expectCodes(() => ({ value: decodeCbor(data) }), ['BAD_CBOR', 'TOO_LARGE'], isHealthCodeError);
    if (decoded === undefined) return;
    const { value } = decoded;
    const canonical = encodeCbor(value);
    if (!bytesEqual(encodeCbor(decodeCbor(canonical)), canonical)) throw new FuzzFinding('round-trip', `re-encoding is not stable: ${toHex(canonical)}`);
    let theirs: unknown;
    try {
      theirs = fromCbor2(cbor2Decode(data, CBOR2_DECODE));
    } catch (error) {
      throw new FuzzFinding('differential', `we accept, cbor2 refuses (${(error as Error).message}): ${toHex(data)}`);
    }
    if (!bytesEqual(encodeCbor(theirs), canonical)) throw new FuzzFinding('differential', `cbor2 reads another value: ${toHex(data)}`);
  },
};

export default target;
