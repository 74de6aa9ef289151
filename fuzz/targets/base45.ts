/**
 * Base45 decoder (RFC 9285). Oracle: any text either decodes or fails with `BAD_BASE45`, and
 * what decodes is exactly what the encoder writes for those bytes (strictness: one text per
 * byte string, so two verifiers cannot read one code two ways).
 */
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { isHealthCodeError } from '../../src/errors.js';
import { goldenVectors, sharedJson, stringsUnder, textBytes } from '../seeds.js';
import { expectCodes, FuzzFinding, latin1, type FuzzTarget } from './target.js';

const target: FuzzTarget = {
  name: 'base45',
  description: 'decodeBase45 on any text: BAD_BASE45 or the one text the encoder writes',
  maxLength: 4096,
  dictionary: ['0', '9', 'A', 'Z', ' ', '$', '%', '*', '+', '-', '.', '/', ':', 'GGW', 'FGW', ':::', '000', 'a', 'ÿ'],
  async seeds() {
    const golden = goldenVectors();
    return [
      ...[...golden.vectors, ...golden.presentations].map((v) => textBytes(v.text.slice(v.text.indexOf(':') + 1))),
      ...sharedJson('rfc9285').flatMap((j) => stringsUnder(j, (k) => k === 'base45').map(textBytes)),
    ];
  },
  run(data) {
    const text = latin1(data);
    const bytes = expectCodes(() => decodeBase45(text), ['BAD_BASE45'], isHealthCodeError);
    if (bytes !== undefined && encodeBase45(bytes) !== text) throw new FuzzFinding('round-trip', 'decoded text is not what the encoder writes for its bytes');
  },
};

export default target;
