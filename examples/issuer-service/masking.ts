/**
 * What of a person reaches the code and the database (README.md "Privacy"): the code shows a
 * masked name and the last characters of the id number; the database keeps the same, plus a
 * keyed hash of the id number to find the person again. The raw id number is never stored.
 */
import { createHmac } from 'node:crypto';
import { graphemes } from './declaration.js';

/** Characters of the id number shown on the code (DESIGN.md: claim -65537/2, "e.g. the last 4"). */
export const ID_HINT_CHARS = 4;

/**
 * Masks a name: its first character, then one `*` for each character after it
 * ("张三丰" → "张**", "Alice" → "A****"). Characters are grapheme clusters.
 *
 * @example
 * ```ts
 * maskName('张三'); // '张*'
 * ```
 */
export function maskName(name: string): string {
  const chars = graphemes(name);
  return chars[0]! + '*'.repeat(chars.length - 1);
}

/**
 * The id hint: the last {@link ID_HINT_CHARS} characters of the (normalised) id number.
 *
 * @example
 * ```ts
 * idHintOf('330106199001011234'); // '1234'
 * ```
 */
export function idHintOf(idNumber: string): string {
  return idNumber.slice(-ID_HINT_CHARS);
}

/**
 * The database key of a person: HMAC-SHA-256 of the normalised id number under this
 * deployment's secret, base64url. Without the secret (a 0600 file beside the database, not in
 * it) a leaked database cannot be searched by id number, nor the ids recovered by trying the
 * small space of valid id numbers.
 *
 * @example
 * ```ts
 * const key = idHashOf('330106199001011234', secret);
 * ```
 */
export function idHashOf(idNumber: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(idNumber, 'utf8').digest('base64url');
}
