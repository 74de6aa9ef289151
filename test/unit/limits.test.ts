/**
 * Every resource bound on a path that reads untrusted input (issue #6), one test each: an
 * input just over the bound gets the bound's code, and one at the bound does not. SECURITY.md
 * lists the bounds and names these tests.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase45 } from '../../src/codec/base45.js';
import { fromBase64Url } from '../../src/codec/bytes.js';
import { CBOR_DEPTH_CAP, CBOR_MAX_DEPTH, CBOR_MAX_ITEMS, CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { INFLATE_MAX_OUTPUT, inflateCapped } from '../../src/codec/inflate.js';
import { encodeSign1, parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { SUBJECT_REF_MAX_BYTES } from '../../src/credential/hq1.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { isHealthCodeError } from '../../src/errors.js';
import {
  DCC_MAX_INFLATED_BYTES,
  MAX_TEXT_LENGTH,
  MemoryReplayCache,
  ROOT_KEYS_MAX,
  SIGNED_TRUST_LIST_MAX_CHARS,
  signStatusList,
  STATUS_LIST_MAX_ENTRIES,
  STATUS_LIST_MAX_TOKEN_BYTES,
  StatusList,
  TRUST_LIST_MAX_KEYS,
  TrustList,
  verify,
} from '../../src/index.js';
import { CERTIFICATE_MAX_BYTES } from '../../src/trust/certificates.js';
import { CWT_STATUS_LIST, CWT_STATUS_LIST_SIZE } from '../../src/status/token.js';
import { crc32 } from '../../src/qr/png.js';
import { QR_MAX_FILE_BYTES, QR_MAX_PIXELS, RENDER_MAX_MARGIN, RENDER_MAX_SCALE, renderPng, scanFile, scanImage } from '../../src/qr/index.js';
import { run, type CliIo } from '../../src/cli/main.js';
import { MAX_TRUST_FILE_BYTES } from '../../src/cli/trust-file.js';
import { fixedIssuerKey, forgeCode } from '../support/keys.js';

const IAT = 1_767_225_600;
const NOW = IAT + 600;

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;
let dir: string;

beforeAll(async () => {
  key = await fixedIssuerKey();
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  dir = mkdtempSync(join(tmpdir(), 'healthcode-limits-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The code and message a call fails with (HealthCodeError), or undefined when it returns. */
async function failure(f: () => unknown): Promise<{ code: string; message: string } | undefined> {
  try {
    await f();
    return undefined;
  } catch (error) {
    if (!isHealthCodeError(error) && !(error as { code?: unknown }).code) throw error;
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
}

async function codeOf(text: string, options: Parameters<typeof verify>[2] = {}): Promise<string> {
  const result = await verify(text, trust, { now: NOW, ...options });
  return result.valid ? 'valid' : result.code;
}

/** A claims map nested `depth` deep in total (the payload map is depth 1). */
function nestedClaims(depth: number): Map<number, unknown> {
  let inner: unknown = 0;
  for (let d = depth; d > 2; d--) inner = [inner];
  return new Map<number, unknown>([
    [1, 'CN-330100'],
    [4, IAT + 86_400],
    [6, IAT],
    [-65537, new Map([[0, 0]])],
    [999, inner],
  ]);
}

describe('text and CBOR bounds (DESIGN.md rules 1 and 4)', () => {
  it(`MAX_TEXT_LENGTH (${MAX_TEXT_LENGTH}): ${MAX_TEXT_LENGTH + 1} characters is TOO_LARGE for every prefix, ${MAX_TEXT_LENGTH} is read`, async () => {
    for (const prefix of ['HQ1:', 'HQ1P:', 'HC1:']) {
      const over = prefix + '0'.repeat(MAX_TEXT_LENGTH + 1 - prefix.length);
      expect(await codeOf(over, { dcc: true } as never)).toBe('TOO_LARGE');
      const result = await verify(over, trust, { now: NOW });
      expect(result.valid === false && result.message).toMatch(/4097 characters, over the limit of 4096/);
    }
    // At the limit the text is read: Base45 of zero bytes, refused by the next rule.
    expect(await codeOf('HQ1:' + '0'.repeat(MAX_TEXT_LENGTH - 4))).toBe('BAD_CBOR');
  });

  it(`CBOR_MAX_DEPTH (${CBOR_MAX_DEPTH}): nesting 17 is BAD_CBOR, in the codec and in a signed code; 16 is read`, async () => {
    let deep: unknown = 0;
    for (let d = 1; d < CBOR_MAX_DEPTH; d++) deep = [deep];
    expect(() => decodeCbor(encodeCbor(deep))).not.toThrow();
    expect(() => decodeCbor(encodeCbor([deep]))).toThrow(/nesting deeper than 16/);
    expect(await codeOf(await forgeCode(key.seed, { 1: -8 }, nestedClaims(CBOR_MAX_DEPTH + 1), { rawProtected: encodeCbor(new Map<number, unknown>([[1, -8], [4, fromBase64Url(key.kid)!]])) }))).toBe('BAD_CBOR');
    expect(await codeOf(await forgeCode(key.seed, { 1: -8 }, nestedClaims(CBOR_MAX_DEPTH), { rawProtected: encodeCbor(new Map<number, unknown>([[1, -8], [4, fromBase64Url(key.kid)!]])) }))).toBe('valid');
  });

  it('tags add no depth but count as items: a chain of 8,192 tags around one item is TOO_LARGE', async () => {
    const chain = (tags: number) => Uint8Array.from({ length: tags + 1 }, (_, i) => (i < tags ? 0xc1 : 0x00));
    expect(await failure(() => decodeCbor(chain(CBOR_MAX_ITEMS)))).toMatchObject({ code: 'TOO_LARGE' });
    expect(await failure(() => decodeCbor(chain(CBOR_MAX_ITEMS - 1)))).toBeUndefined();
  });

  it(`CBOR_MAX_ITEMS (${CBOR_MAX_ITEMS}): ${CBOR_MAX_ITEMS + 1} items is TOO_LARGE, ${CBOR_MAX_ITEMS} is read`, async () => {
    expect(() => decodeCbor(encodeCbor(new Array(CBOR_MAX_ITEMS - 1).fill(0)))).not.toThrow();
    expect(await failure(() => decodeCbor(encodeCbor(new Array(CBOR_MAX_ITEMS).fill(0))))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/over the limit of 8192 items/) });
    // A map's count is charged before its entries are read: a head declaring 2^32−1 entries fails at once.
    expect(await failure(() => decodeCbor(Uint8Array.of(0xbb, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)))).toMatchObject({ code: 'BAD_CBOR', message: expect.stringMatching(/truncated/) });
  });

  it('maxBytes: one byte over is TOO_LARGE; CBOR_DEPTH_CAP: a deeper maxDepth is a RangeError', async () => {
    expect(await failure(() => decodeCbor(new Uint8Array(65), { maxBytes: 64 }))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/65 bytes is over the limit of 64/) });
    expect(() => decodeCbor(Uint8Array.of(0), { maxDepth: CBOR_DEPTH_CAP + 1 })).toThrow(RangeError);
    expect(() => decodeCbor(Uint8Array.of(0), { maxDepth: CBOR_DEPTH_CAP })).not.toThrow();
  });

  it(`SUBJECT_REF_MAX_BYTES (${SUBJECT_REF_MAX_BYTES}): a 33-byte subject ref is BAD_CLAIMS, 32 is read`, async () => {
    const header = new Map<number, unknown>([[1, -8], [4, fromBase64Url(key.kid)!]]);
    const claims = (ref: Uint8Array) => new Map<number, unknown>([[1, 'CN-330100'], [4, IAT + 86_400], [6, IAT], [-65537, new Map<number, unknown>([[0, 0], [3, ref]])]]);
    expect(await codeOf(await forgeCode(key.seed, header, claims(new Uint8Array(SUBJECT_REF_MAX_BYTES + 1))))).toBe('BAD_CLAIMS');
    expect(await codeOf(await forgeCode(key.seed, header, claims(new Uint8Array(SUBJECT_REF_MAX_BYTES))))).toBe('valid');
  });
});

describe('inflate bounds (EU DCC profile)', () => {
  it(`INFLATE_MAX_OUTPUT (${INFLATE_MAX_OUTPUT}): a zlib stream of 64 KiB + 1 is TOO_LARGE, 64 KiB is read`, async () => {
    expect(DCC_MAX_INFLATED_BYTES).toBe(INFLATE_MAX_OUTPUT);
    expect((await inflateCapped(new Uint8Array(deflateSync(new Uint8Array(INFLATE_MAX_OUTPUT))))).length).toBe(INFLATE_MAX_OUTPUT);
    expect(await failure(() => inflateCapped(new Uint8Array(deflateSync(new Uint8Array(INFLATE_MAX_OUTPUT + 1)))))).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('a zip bomb in an HC1: code (100 bytes inflating to 1 MiB) is TOO_LARGE, not decoded', async () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(2000);
    const result = await verify('HC1:' + encodeBase45(bomb), trust, { now: NOW, dcc: true });
    expect(result.valid === false && [result.code, result.message]).toEqual(['TOO_LARGE', expect.stringMatching(/65536/)]);
  });
});

describe('trust-list bounds', () => {
  it(`TRUST_LIST_MAX_KEYS (${TRUST_LIST_MAX_KEYS}): ${TRUST_LIST_MAX_KEYS + 1} entries is BAD_TRUST_LIST before any entry is read`, async () => {
    const over = { keys: new Array(TRUST_LIST_MAX_KEYS + 1).fill({}) };
    expect(await failure(() => TrustList.fromJWKS(over))).toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringMatching(/10001 keys, over the limit of 10000/) });
    // At the bound the entries are read (and these, being empty, are refused one by one).
    expect(await failure(() => TrustList.fromJWKS({ keys: new Array(TRUST_LIST_MAX_KEYS).fill({}) }))).toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringMatching(/keys\[0\]/) });
  });

  it(`SIGNED_TRUST_LIST_MAX_CHARS (${SIGNED_TRUST_LIST_MAX_CHARS}): one character over is BAD_TRUST_LIST before parsing`, async () => {
    const roots = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x }] };
    const over = 'a'.repeat(SIGNED_TRUST_LIST_MAX_CHARS + 1);
    expect(await failure(() => TrustList.fromSigned(over, roots))).toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringMatching(/over the limit of 16777216/) });
    expect(await failure(() => TrustList.fromSigned(over.slice(1), roots))).toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringMatching(/compact JWS/) });
  });

  it(`ROOT_KEYS_MAX (${ROOT_KEYS_MAX}): pinning ${ROOT_KEYS_MAX + 1} roots is a RangeError`, async () => {
    const root = { kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x };
    await expect(TrustList.fromSigned('a.b.c', { keys: new Array(ROOT_KEYS_MAX + 1).fill(root) })).rejects.toThrow(RangeError);
    expect(await failure(() => TrustList.fromSigned('a.b.c', { keys: new Array(ROOT_KEYS_MAX).fill(root) }))).toMatchObject({ code: 'BAD_TRUST_LIST' });
  });

  it(`CERTIFICATE_MAX_BYTES (${CERTIFICATE_MAX_BYTES}): a larger certificate is refused as BAD_TRUST_LIST`, async () => {
    const big = new Uint8Array(CERTIFICATE_MAX_BYTES + 1);
    expect(await failure(() => TrustList.fromCertificates([{ certificate: big, issuer: 'AT' }]))).toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringMatching(/16385 bytes, over the limit of 16384/) });
  });
});

describe('status-list bounds', () => {
  /** A token signed by the fixed key whose payload `edit` changed. */
  async function resigned(edit: (payload: Map<number, unknown>) => void): Promise<Uint8Array> {
    const token = await signStatusList(new StatusList(16), key.privateJwk, { issuedAt: IAT, expiresAt: IAT + 86_400 });
    const sign1 = parseSign1(token);
    const payload = new Map(sign1.payload as Map<number, unknown>);
    edit(payload);
    const payloadBytes = encodeCbor(payload);
    const backend = await getDefaultBackend();
    const signature = await backend.sign(await backend.importPrivateKey(key.seed), sigStructure(sign1.protectedBytes, payloadBytes));
    return encodeSign1(sign1.protectedBytes, payloadBytes, signature);
  }

  it(`STATUS_LIST_MAX_ENTRIES (${STATUS_LIST_MAX_ENTRIES}): a larger list is a RangeError to make and TOO_LARGE to load`, async () => {
    expect(() => new StatusList(STATUS_LIST_MAX_ENTRIES + 1)).toThrow(/over the limit of 100000000/);
    const token = await resigned((p) => p.set(CWT_STATUS_LIST_SIZE, STATUS_LIST_MAX_ENTRIES + 1));
    expect(await failure(() => StatusList.fromSigned(token, trust, { now: NOW }))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/declares 100000001 entries/) });
  });

  it('a status list whose lst inflates past its declared size is TOO_LARGE (a zip bomb from a trusted signer)', async () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(4096)));
    const token = await resigned((p) => p.set(CWT_STATUS_LIST, new Map<string, unknown>([['bits', 2], ['lst', bomb]])));
    expect(await failure(() => StatusList.fromSigned(token, trust, { now: NOW }))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/inflates to more than the 4 bytes/) });
  });

  it(`STATUS_LIST_MAX_TOKEN_BYTES (${STATUS_LIST_MAX_TOKEN_BYTES}): one byte over is TOO_LARGE before parsing`, async () => {
    expect(await failure(() => StatusList.fromSigned(new Uint8Array(STATUS_LIST_MAX_TOKEN_BYTES + 1), trust, { now: NOW }))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/over the limit/) });
    expect(await failure(() => StatusList.fromSigned(new Uint8Array(STATUS_LIST_MAX_TOKEN_BYTES), trust, { now: NOW }))).toMatchObject({ code: 'BAD_CBOR' });
  });
});

describe('replay cache bound', () => {
  it('MemoryReplayCache holds at most maxEntries: one more evicts the oldest', () => {
    const cache = new MemoryReplayCache({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) cache.add(id, NOW + 60);
    expect(cache.size).toBe(3);
    expect(cache.has('a', NOW)).toBe(false);
    expect(cache.has('d', NOW)).toBe(true);
  });
});

describe('image bounds (healthcode/qr)', () => {
  function chunk(type: string, data: Uint8Array): Uint8Array {
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  }

  function png(width: number, height: number, interlace: number, idat: Uint8Array): Uint8Array {
    const ihdr = new Uint8Array(13);
    const view = new DataView(ihdr.buffer);
    view.setUint32(0, width);
    view.setUint32(4, height);
    ihdr.set([8, 0, 0, 0, interlace], 8); // 8-bit greyscale
    return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', ihdr), ...chunk('IDAT', idat), ...chunk('IEND', new Uint8Array(0))]);
  }

  async function scanCode(bytes: Uint8Array, name: string): Promise<string | undefined> {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    try {
      await scanFile(path);
      return undefined;
    } catch (error) {
      return (error as { code: string }).code;
    }
  }

  it(`QR_MAX_PIXELS (${QR_MAX_PIXELS}): a 100-byte PNG declaring 40,000,001 pixels or 20,000 × 20,000 is IMAGE_TOO_LARGE, nothing allocated`, async () => {
    const before = process.memoryUsage().arrayBuffers;
    expect(await scanCode(png(QR_MAX_PIXELS + 1, 1, 0, new Uint8Array(deflateSync(new Uint8Array(8)))), 'over.png')).toBe('IMAGE_TOO_LARGE');
    expect(await scanCode(png(20_000, 20_000, 0, new Uint8Array(deflateSync(new Uint8Array(8)))), 'huge.png')).toBe('IMAGE_TOO_LARGE');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(() => scanImage({ data: new Uint8ClampedArray(4), width: QR_MAX_PIXELS + 1, height: 1 })).toThrow(/megapixels/);
  });

  it('QR_MAX_PIXELS: a JPEG frame header declaring 65,535 × 65,535 is IMAGE_TOO_LARGE from the header', async () => {
    const sof = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01, 0x11, 0x00];
    expect(await scanCode(Uint8Array.from([0xff, 0xd8, ...sof, 0xff, 0xd9]), 'huge.jpg')).toBe('IMAGE_TOO_LARGE');
  });

  it(`QR_MAX_FILE_BYTES (${QR_MAX_FILE_BYTES}): a file one byte over is IMAGE_TOO_LARGE without being read`, async () => {
    const path = join(dir, 'big.png');
    writeFileSync(path, png(1, 1, 0, new Uint8Array(deflateSync(new Uint8Array(2)))));
    truncateSync(path, QR_MAX_FILE_BYTES + 1); // sparse: no 200 MiB written
    await expect(scanFile(path)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', message: expect.stringMatching(/the limit is 200 MiB/) });
  });

  it('an interlaced PNG whose image data inflates past twice its stated size is UNREADABLE_IMAGE (pngjs has no cap there)', async () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(64 * 1024)));
    expect(await scanCode(png(8, 8, 1, bomb), 'bomb.png')).toBe('UNREADABLE_IMAGE');
  });

  it(`RENDER_MAX_SCALE (${RENDER_MAX_SCALE}) and RENDER_MAX_MARGIN (${RENDER_MAX_MARGIN}): one over is a RangeError`, () => {
    expect(() => renderPng('HQ1:X', { scale: RENDER_MAX_SCALE + 1 })).toThrow(RangeError);
    expect(() => renderPng('HQ1:X', { margin: RENDER_MAX_MARGIN + 1 })).toThrow(RangeError);
    expect(() => renderPng('HQ1:X', { scale: RENDER_MAX_SCALE, margin: RENDER_MAX_MARGIN })).not.toThrow();
  });
});

describe('CLI input bounds', () => {
  async function cli(argv: string[], stdin: string[] = []): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const io: CliIo = {
      stdout: { write: () => undefined },
      stderr: { write: (s) => void (stderr += s) },
      stdin: (async function* () {
        yield* stdin;
      })(),
      env: { LANG: 'C' },
      isTTY: false,
    };
    return { code: await run(argv, io), stderr };
  }

  it('a key file over 64 KiB is refused before it is read', async () => {
    const path = join(dir, 'big.key.json');
    writeFileSync(path, ' '.repeat(64 * 1024 + 1));
    chmodSync(path, 0o600);
    const { code, stderr } = await cli(['issue', '--key', path, '--status', 'green', '--expires', '+1d']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/larger than 65536 bytes/);
  });

  it(`a trust file over MAX_TRUST_FILE_BYTES (${MAX_TRUST_FILE_BYTES}) is refused before it is read`, async () => {
    const path = join(dir, 'big-trust.json');
    writeFileSync(path, '');
    truncateSync(path, MAX_TRUST_FILE_BYTES + 1);
    const { code, stderr } = await cli(['verify', 'HQ1:X', '--trust', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/larger than 16777216 bytes/);
  });

  it('stdin is read up to 4 × MAX_TEXT_LENGTH + 1 bytes: a longer stream is TOO_LARGE and is not read to its end', async () => {
    const trustPath = join(dir, 'trust.json');
    writeFileSync(trustPath, JSON.stringify({ keys: [key.publicJwk] }));
    let pulled = 0;
    let stdout = '';
    const io: CliIo = {
      stdout: { write: (s) => void (stdout += typeof s === 'string' ? s : new TextDecoder().decode(s)) },
      stderr: { write: () => undefined },
      stdin: (async function* () {
        for (let i = 0; i < 64; i++, pulled++) yield '0'.repeat(1024); // 64 KiB offered
      })(),
      env: { LANG: 'C' },
      isTTY: false,
    };
    expect(await run(['verify', '-', '--trust', trustPath, '--json'], io)).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false, code: 'TOO_LARGE' });
    expect(pulled).toBeLessThanOrEqual(Math.ceil((MAX_TEXT_LENGTH * 4 + 1) / 1024));
  });
});
