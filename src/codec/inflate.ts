/**
 * zlib inflate (RFC 1950 around RFC 1951) with an output cap, for the EU DCC profile, whose
 * QR text is Base45 of a zlib stream (DESIGN.md "Wire format", DCC). Browser-safe: the web's
 * `DecompressionStream('deflate')`, which is the zlib format, never `node:zlib`.
 *
 * Untrusted input, so: the two-byte zlib header is checked first (a stream that is not zlib
 * at all, such as an uncompressed COSE message, is refused without starting a decompressor);
 * output is read chunk by chunk and the stream cancelled as soon as it passes the cap, so a
 * small "zip bomb" costs at most the cap plus one chunk; and the input must end exactly with
 * the stream's Adler-32 trailer. That last check exists because runtimes disagree on
 * trailing bytes (Node's DecompressionStream ignores them, browsers reject them): with it,
 * every runtime gives the same answer.
 */
import { HealthCodeError } from '../errors.js';
import { assertBytes, assertInteger } from './bytes.js';

/** Default most bytes {@link inflateCapped} produces: 64 KiB (the DCC profile's cap). */
export const INFLATE_MAX_OUTPUT = 64 * 1024;
/** zlib compression method 8 = deflate (RFC 1950 §2.2, CM). */
const ZLIB_CM_DEFLATE = 8;
/** Largest window exponent: CINFO 7 = a 32 KiB window (RFC 1950 §2.2). */
const ZLIB_MAX_CINFO = 7;
/** FDICT flag: a preset dictionary, which no DCC uses and the web streams cannot supply (RFC 1950 §2.2). */
const ZLIB_FDICT = 0x20;
/** Header (CMF, FLG) and Adler-32 trailer sizes (RFC 1950 §2.2). */
const ZLIB_HEADER_BYTES = 2;
const ZLIB_TRAILER_BYTES = 4;
/** Adler-32 modulus (RFC 1950 §9). */
const ADLER_MOD = 65_521;

function bad(message: string): never {
  throw new HealthCodeError('BAD_COMPRESSION', message);
}

/** Adler-32 of `bytes` (RFC 1950 §8.2), as an unsigned 32-bit number. */
function adler32(chunks: readonly Uint8Array[]): number {
  let a = 1;
  let b = 0;
  for (const chunk of chunks) {
    // 5552 bytes is the most that can be summed before b may pass 2^32 (zlib's NMAX).
    for (let start = 0; start < chunk.length; start += 5552) {
      const end = Math.min(start + 5552, chunk.length);
      for (let i = start; i < end; i++) {
        a += chunk[i]!;
        b += a;
      }
      a %= ADLER_MOD;
      b %= ADLER_MOD;
    }
  }
  return ((b << 16) | a) >>> 0;
}

/** Checks the RFC 1950 header so that non-zlib input fails fast with a clear reason. */
function checkHeader(bytes: Uint8Array): void {
  if (bytes.length < ZLIB_HEADER_BYTES + ZLIB_TRAILER_BYTES) bad(`not a zlib stream: ${bytes.length} bytes is shorter than a zlib header and trailer`);
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  if ((cmf & 0x0f) !== ZLIB_CM_DEFLATE || cmf >> 4 > ZLIB_MAX_CINFO || ((cmf << 8) | flg) % 31 !== 0) {
    bad('not a zlib stream (the data is not compressed, or its header is damaged)');
  }
  if (flg & ZLIB_FDICT) bad('the zlib stream asks for a preset dictionary, which is not supported');
}

/**
 * Inflates a zlib stream (RFC 1950) of untrusted bytes, refusing output past `maxOutput`.
 *
 * @throws HealthCodeError `BAD_COMPRESSION` when the input is not zlib, is corrupt or
 *   truncated, or has bytes after the stream; `TOO_LARGE` when the output would pass
 *   `maxOutput` (a decompression bomb).
 * @throws TypeError / RangeError when `bytes` is not a Uint8Array or `maxOutput` not a
 *   positive integer; Error when the runtime has no `DecompressionStream`.
 * @example
 * ```ts
 * const cose = await inflateCapped(decodeBase45(text.slice(4))); // at most 64 KiB
 * ```
 */
export async function inflateCapped(bytes: Uint8Array, maxOutput: number = INFLATE_MAX_OUTPUT): Promise<Uint8Array> {
  assertBytes(bytes, 'bytes');
  assertInteger(maxOutput, 'maxOutput', 1);
  if (typeof DecompressionStream !== 'function') throw new Error('DecompressionStream is not available in this runtime');
  checkHeader(bytes);

  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // The reader reports every failure; these promises only must not go unhandled.
  writer.write(bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes)).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (cause) {
      const reason = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
      throw new HealthCodeError('BAD_COMPRESSION', `the zlib stream is corrupt or truncated${reason}`, { cause });
    }
    if (step.done) break;
    total += step.value.length;
    if (total > maxOutput) {
      await reader.cancel().catch(() => undefined);
      throw new HealthCodeError('TOO_LARGE', `the compressed data inflates to more than ${maxOutput} bytes`);
    }
    chunks.push(step.value);
  }

  const trailer = bytes.subarray(bytes.length - ZLIB_TRAILER_BYTES);
  const expected = ((trailer[0]! << 24) | (trailer[1]! << 16) | (trailer[2]! << 8) | trailer[3]!) >>> 0;
  if (adler32(chunks) !== expected) bad('bytes follow the end of the zlib stream');

  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
