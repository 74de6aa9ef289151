import { describe, expect, it } from 'vitest';
import { decodeBase45, decodeBase45From, encodeBase45 } from '../../../src/codec/base45.js';
import { fromHex, toHex } from '../../../src/codec/bytes.js';
import { HealthCodeError } from '../../../src/errors.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function rejection(text: string): HealthCodeError {
  try {
    decodeBase45(text);
  } catch (e) {
    if (e instanceof HealthCodeError) return e;
    throw e;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('encodeBase45 / decodeBase45', () => {
  // [bytes hex, Base45]: RFC 9285 §4.3/§4.4 examples and the edges of the arithmetic.
  const good: Array<[string, string]> = [
    ['', ''],
    ['4142', 'BB8'],
    ['48656c6c6f2121', '%69 VD92EX0'],
    ['626173652d3435', 'UJCLQE7W581'],
    ['6965746621', 'QED8WEX0'],
    ['00', '00'],
    ['2c', ':0'], // 44: the last alphabet character as the low digit
    ['ff', 'U5'], // 255, the largest pair
    ['0000', '000'],
    ['ffff', 'FGW'], // 65535, the largest triple
    ['ffffff', 'FGWU5'],
    ['07e8', '::0'], // 2024 = 44 + 44·45
  ];
  it.each(good)('%s <-> %j', (hex, text) => {
    expect(encodeBase45(fromHex(hex))).toBe(text);
    const decoded = decodeBase45(text);
    expect(toHex(decoded)).toBe(hex);
    expect(decoded.constructor).toBe(Uint8Array);
  });

  it('maps every alphabet character to its value', () => {
    for (let v = 0; v < 45; v++) {
      // A pair "c0" decodes to the byte c when c < 45·1: value v, high digit 0.
      expect(decodeBase45(ALPHABET[v]! + '0')).toEqual(Uint8Array.of(v));
    }
  });

  // [input, message fragment]
  const bad: Array<[string, string]> = [
    ['A', 'dangling single character at position 0'],
    ['BB8A', 'dangling single character at position 3'],
    ['GGW', 'triple at position 0 has value 65536, over 65535'],
    [':::', 'triple at position 0 has value 91124'],
    ['BB8GGW', 'triple at position 3 has value 65536'],
    ['V5', 'final pair at position 0 has value 256, over 255'],
    ['BB8::', 'final pair at position 3 has value 2024'],
    ['bb8', 'character "b" (U+0062) at position 0 is outside the alphabet'],
    ['BB=', 'character "=" (U+003D) at position 2'],
    ['BB8\n', 'character "\\n" (U+000A) at position 3'],
    ['BB_', 'character "_" (U+005F) at position 2'],
    ['BÄ8', 'character "Ä" (U+00C4) at position 1'],
    ['BB8\u0000B8', '(U+0000) at position 3'],
    ['BB8b', 'character "b" (U+0062) at position 3'], // a bad character beats the dangling length
    ['\uD83D\uDE00', '(U+D83D) at position 0'],
  ];
  it.each(bad)('rejects %j: %s', (text, fragment) => {
    const e = rejection(text);
    expect(e.code).toBe('BAD_BASE45');
    expect(e.message).toContain(fragment);
  });

  it('rejects misuse with TypeError', () => {
    expect(() => encodeBase45('AB' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => decodeBase45(new Uint8Array(2) as unknown as string)).toThrow(TypeError);
  });

  it('encodes a Node Buffer like its bytes', () => {
    expect(encodeBase45(Buffer.from('AB'))).toBe('BB8');
  });

  it('round-trips every two-byte value', () => {
    const bytes = new Uint8Array(2 * 65536);
    for (let n = 0; n < 65536; n++) {
      bytes[2 * n] = n >> 8;
      bytes[2 * n + 1] = n & 0xff;
    }
    const text = encodeBase45(bytes);
    expect(text.length).toBe(3 * 65536);
    expect(decodeBase45(text)).toEqual(bytes);
  });

  it('decodes the same by bytes (ASCII text) as character by character (a text that is not all ASCII)', () => {
    // A text of ASCII is decoded from its bytes; one with any other character (here a prefix
    // skipped by `start`) character by character. Both must give the same bytes or the same error.
    const outcome = (decode: () => Uint8Array): string => {
      try {
        return toHex(decode());
      } catch (e) {
        if (!(e instanceof HealthCodeError)) throw e;
        return `${e.code}: ${e.message}`;
      }
    };
    const characters = `${ALPHABET}${ALPHABET}abc_=\n\u0000\u007f\u0080Ä`;
    let seed = 20261128;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const texts = [...good.map(([, text]) => text), ...bad.map(([text]) => text)];
    for (let i = 0; i < 1000; i++) {
      // Valid text, the same with one character replaced, and cut short.
      const bytes = Uint8Array.from({ length: random(60) }, () => random(256));
      const text = encodeBase45(bytes);
      const at = random(text.length + 1);
      texts.push(text, text.slice(0, at) + characters[random(characters.length)]! + text.slice(at + 1), text.slice(0, at));
    }
    let accepted = 0;
    for (const text of texts) {
      const byBytes = outcome(() => decodeBase45From(`HC1:${text}`, 4));
      expect(outcome(() => decodeBase45From(`\u00e9${text}`, 1)), text).toBe(byBytes);
      expect(outcome(() => decodeBase45(text)), text).toBe(byBytes);
      if (!byBytes.startsWith('BAD_BASE45')) accepted++;
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});
