/**
 * QR payload texts for the qr tests: realistic `HQ1:` codes (Base45 of COSE-sized byte
 * strings, RFC 9285) and the QR alphanumeric alphabet. Deterministic.
 */
import { prng } from '../../support/images.js';

/** ISO/IEC 18004 Table 5, which is also the RFC 9285 Base45 alphabet. */
export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** RFC 9285 §4: two bytes become three characters, a last single byte two. */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    let n = i + 1 < bytes.length ? (bytes[i] as number) * 256 + (bytes[i + 1] as number) : (bytes[i] as number);
    const digits = i + 1 < bytes.length ? 3 : 2;
    for (let d = 0; d < digits; d++) {
      out += ALPHANUMERIC[n % 45];
      n = Math.floor(n / 45);
    }
  }
  return out;
}

/** `prefix + Base45(bytes)` for `byteLength` pseudo-random bytes (a stand-in for COSE_Sign1). */
export function hq1Text(byteLength: number, seed: number, prefix = 'HQ1:'): string {
  const random = prng(seed);
  const bytes = new Uint8Array(byteLength).map(() => Math.floor(random() * 256));
  return `${prefix}${encodeBase45(bytes)}`;
}

/**
 * Status-like codes of DESIGN.md's budgets: a bare status code (~150 and 178 characters,
 * version 7-M), one with a masked name and id hint (up to 221, version 8-M), and dynamic
 * presentations (`HQ1P:`, up to 419, version 12-M). Lengths: 4 + 3 × bytes / 2.
 */
export const STATUS_TEXTS = [
  { name: 'minimal status code', text: hq1Text(98, 1) }, // 151 characters
  { name: 'status code at the 7-M budget', text: hq1Text(116, 2) }, // 178
  { name: 'status code with name and id hint', text: hq1Text(132, 3) }, // 202
  { name: 'status code near the 8-M budget', text: hq1Text(144, 4) }, // 220
  { name: 'longest text of the 8-M budget', text: hq1Text(144, 5, 'HQ1P:') }, // 221
  { name: 'presentation at the 12-M budget', text: hq1Text(276, 6, 'HQ1P:') }, // 419
] as const;
