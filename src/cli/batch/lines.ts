/**
 * Cuts a byte stream into chunks of whole lines for the batch workers, in bounded memory:
 * each chunk is about {@link CHUNK_BYTES} and owns its buffer (so it can be transferred to a
 * worker without copying). A line that grows past the line limit without ending is not
 * buffered: it is reported as one too-long line and skipped to its end.
 */
import { MAX_LINE_BYTES } from './chunk.js';

/** Target size of a chunk: some 500 records, so a worker message carries real work. */
export const CHUNK_BYTES = 64 * 1024;

/** A piece of input: whole lines, or a line too long to hold. */
export type LinePiece =
  | { readonly kind: 'lines'; readonly firstLine: number; readonly lines: number; readonly bytes: Uint8Array; readonly inputBytes: number }
  | { readonly kind: 'too-long'; readonly line: number; readonly inputBytes: number };

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const all = new Uint8Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  return all;
}

/**
 * Yields the input as pieces of whole lines, in order, line numbers from 1. The last line
 * need not end in a newline.
 */
export async function* splitLines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<LinePiece, void, undefined> {
  const encoder = new TextEncoder();
  let buffer: Uint8Array = new Uint8Array(0);
  let nextLine = 1;
  let skipping = false; // inside a too-long line, dropping bytes to its end
  for await (const piece of input) {
    // A plain Uint8Array view: a Node Buffer's slice() shares memory, and a chunk must own its bytes.
    let chunk = typeof piece === 'string' ? encoder.encode(piece) : new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength);
    if (skipping) {
      const end = chunk.indexOf(0x0a);
      if (end < 0) continue;
      skipping = false;
      chunk = chunk.subarray(end + 1);
    }
    buffer = concat(buffer, chunk);
    while (buffer.length >= CHUNK_BYTES) {
      const last = buffer.lastIndexOf(0x0a);
      if (last < 0) break;
      // A fresh buffer holding exactly the chunk: transferable, and the rest is not pinned.
      const bytes = buffer.slice(0, last + 1);
      buffer = buffer.slice(last + 1);
      const lines = countLines(bytes);
      yield { kind: 'lines', firstLine: nextLine, lines, bytes, inputBytes: bytes.length };
      nextLine += lines;
    }
    if (buffer.length > MAX_LINE_BYTES && buffer.indexOf(0x0a) < 0) {
      yield { kind: 'too-long', line: nextLine++, inputBytes: buffer.length };
      buffer = new Uint8Array(0);
      skipping = true;
    }
  }
  if (buffer.length > 0) {
    const lines = countLines(buffer) + (buffer[buffer.length - 1] === 0x0a ? 0 : 1);
    yield { kind: 'lines', firstLine: nextLine, lines, bytes: buffer.slice(), inputBytes: buffer.length };
  }
}
