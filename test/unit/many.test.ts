/**
 * verifyMany and issueMany: the same answers as the single calls, in input order, from sync and
 * async sources, with a bounded number read ahead; misuse named; a bad record reported at its
 * turn with its index.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ed25519Backend } from '../../src/crypto/backend.js';
import {
  DEFAULT_CONCURRENCY,
  issue,
  issueMany,
  MAX_CONCURRENCY,
  TrustList,
  verify,
  verifyMany,
  type IssueInput,
  type VerifyResult,
} from '../../src/index.js';
import { backendInFlight } from '../../src/many.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { allBackends } from '../support/backends.js';
import { fixedIssuerKey, forgeCode } from '../support/keys.js';

const IAT = 1_767_225_600; // 2026-01-01T00:00:00Z
const EXP = IAT + 86_400;
const NOW = IAT + 3_600;
const OTHER_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'; // RFC 8032 TEST 2

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;
let backends: Ed25519Backend[];
/** Valid, tampered, expired, unknown-key and malformed texts, mixed. */
let texts: string[];

function record(i: number): IssueInput {
  return { status: (['green', 'yellow', 'red'] as const)[i % 3]!, issuedAt: IAT, expiresAt: EXP, name: '张*', idHint: String(1000 + i), statusIndex: i };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

/** A sync iterable that counts how many items have been read and whether it was closed. */
function counted<T>(items: readonly T[]): Iterable<T> & { read: number; closed: boolean } {
  const source = {
    read: 0,
    closed: false,
    [Symbol.iterator](): Iterator<T> {
      return {
        next: () => (source.read < items.length ? { done: false, value: items[source.read++]! } : { done: true, value: undefined }),
        return: () => {
          source.closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return source;
}

beforeAll(async () => {
  key = await fixedIssuerKey();
  const other = await fixedIssuerKey('CN-110000', OTHER_SEED);
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  backends = await allBackends();
  const good = await Promise.all(Array.from({ length: 12 }, (_, i) => issue(record(i), key.privateJwk)));
  const expired = await issue({ status: 'green', issuedAt: IAT - 10 * 86_400, expiresAt: IAT - 9 * 86_400 }, key.privateJwk);
  const unknown = await issue(record(0), other.privateJwk);
  const tampered = await forgeCode(key.seed, new Map<number, unknown>([[1, -8], [4, Buffer.from(key.kid, 'base64url')]]), new Map<number, unknown>([[1, 'CN-330100'], [6, IAT], [4, EXP], [-65537, new Map([[0, 0]])]]), {
    mutateSignature: (s) => s.map((b, i) => (i === 10 ? b ^ 1 : b)),
  });
  texts = [good[0]!, tampered, good[1]!, 'HQ1:%%', good[2]!, expired, 'not a code', unknown, ...good.slice(3)];
});

describe('verifyMany', () => {
  it('gives, in input order, exactly what verify gives for each text', async () => {
    const expected = await Promise.all(texts.map((t) => verify(t, trust, { now: NOW })));
    expect(expected.map((r) => (r.valid ? 'valid' : r.code))).toEqual([
      'valid', 'BAD_SIGNATURE', 'valid', 'BAD_BASE45', 'valid', 'EXPIRED', 'BAD_PREFIX', 'UNKNOWN_KID',
      ...Array(9).fill('valid'),
    ]);
    for (const concurrency of [1, 2, 5, DEFAULT_CONCURRENCY]) {
      expect(await collect(verifyMany(texts, trust, { now: NOW, concurrency }))).toEqual(expected);
    }
  });

  it('gives the same results on every backend', async () => {
    const expected = await collect(verifyMany(texts, trust, { now: NOW }));
    for (const backend of backends) {
      expect(await collect(verifyMany(texts, trust, { now: NOW, backend, concurrency: 4 })), backend.name).toEqual(expected);
    }
  });

  it('reads an async source and an empty one', async () => {
    const results = await collect(verifyMany(slowly(texts), trust, { now: NOW, concurrency: 3 }));
    expect(results.map((r: VerifyResult) => r.valid)).toEqual(texts.map((_, i) => ![1, 3, 5, 6, 7].includes(i)));
    expect(await collect(verifyMany([], trust))).toEqual([]);
    expect(await collect(verifyMany(slowly<string>([]), trust))).toEqual([]);
  });

  it('reads at most `concurrency` texts ahead, and closes the source when the caller stops', async () => {
    const source = counted(texts);
    const iterator = verifyMany(source, trust, { now: NOW, concurrency: 4 });
    const first = await iterator.next();
    expect(first.value).toMatchObject({ valid: true, status: 'green' });
    expect(source.read).toBe(4);
    await iterator.next();
    expect(source.read).toBe(5);
    await iterator.return(undefined);
    expect(source.closed).toBe(true);
  });

  it('names misuse', async () => {
    await expect(collect(verifyMany(42 as never, trust))).rejects.toThrow(/"texts" expected an iterable/);
    await expect(collect(verifyMany(texts, {} as never))).rejects.toThrow(/"trust" expected a TrustList/);
    for (const concurrency of [0, 1.5, MAX_CONCURRENCY + 1, Number.NaN]) {
      await expect(collect(verifyMany(texts, trust, { concurrency }))).rejects.toThrow(RangeError);
    }
    await expect(collect(verifyMany(texts, trust, { concurrency: 0 }))).rejects.toThrow(/"concurrency" expected an integer from 1 to 1024, got 0/);
  });

  it('raises a non-string item at its turn, after the results before it', async () => {
    const seen: VerifyResult[] = [];
    const run = async (): Promise<void> => {
      for await (const result of verifyMany([texts[0]!, texts[2]!, 7 as never, texts[4]!], trust, { now: NOW, concurrency: 4 })) seen.push(result);
    };
    await expect(run()).rejects.toThrow(/"text" expected string, got number/);
    expect(seen.map((r) => r.valid)).toEqual([true, true]);
  });

  it('sends calls in flight to the thread pool (node:crypto\'s callback form in Node) where the runtime may have a second core', async () => {
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
    const picked = await backendInFlight();
    expect(picked?.name).toBe(cores !== undefined && cores < 2 ? undefined : 'node');
    // Not the default backend, whose calls are synchronous on this thread.
    if (picked) expect(picked).not.toBe(await getDefaultBackend());
    expect(await backendInFlight()).toBe(picked);
  });
});

describe('issueMany', () => {
  let singles: string[];
  const records = Array.from({ length: 20 }, (_, i) => record(i));

  beforeAll(async () => {
    singles = [];
    for (const r of records) singles.push(await issue(r, key.privateJwk));
  });

  it('yields, in input order, the texts issue makes one by one', async () => {
    for (const concurrency of [1, 3, DEFAULT_CONCURRENCY]) {
      expect(await collect(issueMany(records, key.privateJwk, { concurrency }))).toEqual(singles);
    }
    for (const backend of backends) {
      expect(await collect(issueMany(records, key.privateJwk, { backend, concurrency: 4 })), backend.name).toEqual(singles);
    }
  });

  it('makes codes that verify, from an async source', async () => {
    const texts = await collect(issueMany(slowly(records), key.privateJwk, { concurrency: 5 }));
    const results = await collect(verifyMany(texts, trust, { now: NOW }));
    expect(results.map((r) => (r.valid ? `${r.status} ${r.statusIndex}` : r.code))).toEqual(records.map((r, i) => `${r.status} ${i}`));
  });

  it('reads at most `concurrency` records ahead', async () => {
    const source = counted(records);
    const iterator = issueMany(source, key.privateJwk, { concurrency: 2 });
    expect((await iterator.next()).value).toBe(singles[0]);
    expect(source.read).toBe(2);
    await iterator.return(undefined);
    expect(source.closed).toBe(true);
  });

  it('reports a bad record at its turn, with its index, after the codes before it', async () => {
    const bad = [records[0]!, records[1]!, { ...records[2]!, status: 'blue' as never }, records[3]!];
    const made: string[] = [];
    const run = async (): Promise<void> => {
      for await (const text of issueMany(bad, key.privateJwk, { concurrency: 4 })) made.push(text);
    };
    await expect(run()).rejects.toThrow(TypeError);
    await expect(collect(issueMany(bad, key.privateJwk))).rejects.toThrow(/^record 2: "status" expected 'green' \| 'yellow' \| 'red', got "blue"$/);
    expect(made).toEqual(singles.slice(0, 2));
    const late = [{ ...records[0]!, expiresAt: IAT - 1 }];
    await expect(collect(issueMany(late, key.privateJwk))).rejects.toThrow(/^record 0: "expiresAt" \(\d+\) must be after "issuedAt"/);
  });

  it('names misuse', async () => {
    await expect(collect(issueMany(null as never, key.privateJwk))).rejects.toThrow(/"records" expected an iterable or async iterable, got null/);
    await expect(collect(issueMany(records, 'key' as never))).rejects.toThrow(/"privateJwk" expected a JWK object/);
    await expect(collect(issueMany(records, key.publicJwk))).rejects.toThrow(/"privateJwk.d" expected a 32-byte/);
    await expect(collect(issueMany(records, key.privateJwk, { concurrency: -1 }))).rejects.toThrow(/"concurrency" expected an integer from 1 to 1024, got -1/);
  });
});
