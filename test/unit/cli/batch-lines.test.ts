/** Cutting batch input into chunks of whole lines: numbering, chunk ownership, too-long lines. */
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, splitLines, type LinePiece } from '../../../src/cli/batch/lines.js';
import { MAX_LINE_BYTES } from '../../../src/cli/batch/chunk.js';

async function collect(pieces: (string | Uint8Array)[]): Promise<LinePiece[]> {
  const out: LinePiece[] = [];
  for await (const piece of splitLines((async function* () {
    yield* pieces;
  })())) out.push(piece);
  return out;
}

const text = (piece: LinePiece): string => (piece.kind === 'lines' ? new TextDecoder().decode(piece.bytes) : `<line ${piece.line} too long>`);

describe('splitLines', () => {
  it('keeps every byte, cuts only after a newline, and numbers the lines across chunks', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `{"id":${i},"pad":"${'x'.repeat(i % 50)}"}`);
    const input = `${lines.join('\n')}\n`;
    // Fed in awkward pieces: 1000 bytes, splitting lines and multi-byte characters anywhere.
    const bytes = new TextEncoder().encode(input);
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1000) pieces.push(bytes.subarray(i, i + 1000));
    const out = await collect(pieces);
    expect(out.length).toBeGreaterThan(2);
    expect(out.map(text).join('')).toBe(input);
    let next = 1;
    for (const piece of out) {
      if (piece.kind !== 'lines') throw new Error('unexpected');
      expect(piece.firstLine).toBe(next);
      expect(text(piece).endsWith('\n')).toBe(true);
      // Each chunk owns exactly its bytes, so it can be transferred to a worker.
      expect(piece.bytes.byteOffset).toBe(0);
      expect(piece.bytes.buffer.byteLength).toBe(piece.bytes.length);
      next += piece.lines;
    }
    expect(next).toBe(5001);
    expect(Math.max(...out.map((p) => (p.kind === 'lines' ? p.bytes.length : 0)))).toBeLessThan(CHUNK_BYTES + 1000);
  });

  it('never gives a Node Buffer\'s shared memory away', async () => {
    const pool = Buffer.from('{"a":1}\n'.repeat(20_000));
    const out = await collect([pool]);
    for (const piece of out) if (piece.kind === 'lines') expect(piece.bytes.buffer).not.toBe(pool.buffer);
  });

  it('gives the last line without a newline, and counts it', async () => {
    const out = await collect(['a\nb\nc']);
    expect(out).toEqual([{ kind: 'lines', firstLine: 1, lines: 3, bytes: new TextEncoder().encode('a\nb\nc'), inputBytes: 5 }]);
  });

  it('reports a line too long to hold as one piece and skips to its end, numbering on', async () => {
    const long = 'y'.repeat(MAX_LINE_BYTES + 10);
    const pieces = ['first\n', ...long.match(/.{1,4096}/g)!, '\nafter\n'];
    const out = await collect(pieces);
    expect(out.map(text)).toEqual(['first\n', '<line 2 too long>', 'after\n']);
    const after = out.find((p) => p.kind === 'lines' && text(p) === 'after\n');
    expect(after).toMatchObject({ firstLine: 3 });
  });
});
