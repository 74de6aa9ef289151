/**
 * A small greyscale progressive JPEG writer for the `scan` target's seeds: jpeg-js encodes
 * baseline only, and a seed that is a real progressive file starts the fuzzer inside jpeg-js's
 * progressive decoder (first DC scan, AC spectral bands, DC refinement) instead of waiting for
 * a mutation to turn SOF0 into SOF2. Written from ITU-T T.81: DCT (§A.3.3), quantisation
 * (§A.3.4), zig-zag order (Figure A.6), Huffman coding of DC differences and AC runs (§F.1.2),
 * progressive scans (§G.1.2), table and marker syntax (Annex B). Not an encoder for use: fixed
 * quantiser, one code length for every symbol.
 */

/** Quantiser for every coefficient: small enough that a QR code survives, big enough to compress. */
const QUANT = 4;

/** Zig-zag index → natural (row-major) index in an 8×8 block (T.81 Figure A.6). */
const ZIGZAG: readonly number[] = (() => {
  const order: number[] = [];
  for (let sum = 0; sum < 15; sum++) {
    const cells: number[] = [];
    for (let y = Math.max(0, sum - 7); y <= Math.min(7, sum); y++) cells.push(y * 8 + (sum - y));
    // Odd diagonals run top-right to bottom-left (y rising), even ones the other way.
    order.push(...(sum % 2 === 1 ? cells : cells.reverse()));
  }
  return order;
})();

/** Bits of |v|: the size category of a DC difference or an AC coefficient (T.81 Tables F.1, F.2). */
function category(v: number): number {
  let n = 0;
  for (let a = Math.abs(v); a > 0; a >>= 1) n++;
  return n;
}

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private count = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }
  /** Pads the last byte with 1-bits (T.81 §F.1.2.3). */
  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.bytes;
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing, §B.1.1.5
    this.acc = 0;
    this.count = 0;
  }
}

/** A Huffman table in which every symbol used has the same code length (never the all-ones code). */
function table(symbols: Set<number>): { segment: number[]; code: Map<number, { bits: number; length: number }> } {
  const sorted = [...symbols].sort((a, b) => a - b);
  let length = 1;
  while ((1 << length) - 1 < sorted.length) length++;
  const counts = new Array<number>(16).fill(0);
  counts[length - 1] = sorted.length;
  return { segment: [...counts, ...sorted], code: new Map(sorted.map((s, i) => [s, { bits: i, length }])) };
}

function segment(marker: number, body: number[]): number[] {
  return [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
}

/** Quantised coefficients of every 8×8 block, zig-zag order, edges replicated past the picture. */
function blocks(grey: Uint8Array, width: number, height: number): Int32Array[] {
  const out: Int32Array[] = [];
  const cos = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16));
  for (let by = 0; by < Math.ceil(height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
      const f = new Float64Array(64);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) f[y * 8 + x] = grey[Math.min(height - 1, by * 8 + y) * width + Math.min(width - 1, bx * 8 + x)]! - 128;
      }
      const zz = new Int32Array(64);
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let sum = 0;
          for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += f[y * 8 + x]! * cos[x * 8 + u]! * cos[y * 8 + v]!;
          const c = (u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1);
          zz[ZIGZAG.indexOf(v * 8 + u)] = Math.round((c * sum) / 4 / QUANT);
        }
      }
      out.push(zz);
    }
  }
  return out;
}

/** First DC scan with point transform `al` (§G.1.2.1): Huffman-coded differences of DC >> al. */
function dcFirstScan(coefficients: Int32Array[], al: number): number[] {
  const diffs: number[] = [];
  let previous = 0;
  for (const zz of coefficients) {
    diffs.push((zz[0]! >> al) - previous);
    previous = zz[0]! >> al;
  }
  const { segment: dht, code } = table(new Set(diffs.map(category)));
  const bits = new BitWriter();
  for (const diff of diffs) {
    const size = category(diff);
    const c = code.get(size)!;
    bits.write(c.bits, c.length);
    if (size > 0) bits.write(diff < 0 ? diff + (1 << size) - 1 : diff, size);
  }
  return [...segment(0xc4, [0x00, ...dht]), ...segment(0xda, [1, 1, 0x00, 0, 0, al]), ...bits.finish()];
}

/** DC refinement scan (§G.1.2.1): bit `al` of each DC coefficient, uncoded. */
function dcRefineScan(coefficients: Int32Array[], al: number): number[] {
  const bits = new BitWriter();
  for (const zz of coefficients) bits.write((zz[0]! >> al) & 1, 1);
  return [...segment(0xda, [1, 1, 0x00, 0, 0, ((al + 1) << 4) | al]), ...bits.finish()];
}

/** First AC scan of the band ss..se (§G.1.2.2): run/size symbols, ZRL, EOB0 after the last non-zero. */
function acFirstScan(coefficients: Int32Array[], ss: number, se: number): number[] {
  const symbols: Array<[number, number, number]> = []; // symbol, extra bits, their length
  for (const zz of coefficients) {
    let run = 0;
    for (let k = ss; k <= se; k++) {
      const v = zz[k]!;
      if (v === 0) {
        run++;
        continue;
      }
      for (; run > 15; run -= 16) symbols.push([0xf0, 0, 0]);
      const size = category(v);
      symbols.push([(run << 4) | size, v < 0 ? v + (1 << size) - 1 : v, size]);
      run = 0;
    }
    if (run > 0) symbols.push([0x00, 0, 0]);
  }
  const { segment: dht, code } = table(new Set(symbols.map(([s]) => s)));
  const bits = new BitWriter();
  for (const [symbol, extra, size] of symbols) {
    const c = code.get(symbol)!;
    bits.write(c.bits, c.length);
    if (size > 0) bits.write(extra, size);
  }
  return [...segment(0xc4, [0x10, ...dht]), ...segment(0xda, [1, 1, 0x00, ss, se, 0]), ...bits.finish()];
}

/**
 * Encodes RGBA pixels (alpha ignored) as a greyscale progressive JPEG with four scans: DC with
 * a point transform of 1, AC 1–5, AC 6–63, DC refinement.
 *
 * @throws {RangeError} when the size is not 1..65,535 a side or `data` is not width × height × 4 bytes.
 * @example
 * ```ts
 * const jpeg = rgbaToProgressiveJpeg(rgba.data, rgba.width, rgba.height);
 * ```
 */
export function rgbaToProgressiveJpeg(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  for (const [name, side] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(side) || side < 1 || side > 0xffff) throw new RangeError(`"${name}" expected an integer in 1..65535, got ${side}`);
  }
  if (data.length !== width * height * 4) throw new RangeError(`"data" expected ${width * height * 4} bytes, got ${data.length}`);
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round((data[i * 4]! * 299 + data[i * 4 + 1]! * 587 + data[i * 4 + 2]! * 114) / 1000);
  const coefficients = blocks(grey, width, height);
  return new Uint8Array([
    0xff, 0xd8,
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(QUANT)]),
    // SOF2: 8-bit samples, height, width, one component (id 1, 1×1 sampling, table 0).
    ...segment(0xc2, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...dcFirstScan(coefficients, 1),
    ...acFirstScan(coefficients, 1, 5),
    ...acFirstScan(coefficients, 6, 63),
    ...dcRefineScan(coefficients, 0),
    0xff, 0xd9,
  ]);
}
