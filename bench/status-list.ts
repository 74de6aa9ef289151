/**
 * Status lists at provincial scale (issue #9): 50,000,000 entries, 1 % at random set to
 * yellow, red or revoked. Measures build + compress + sign (target ≤ 3 s), the token size
 * (≤ 1 MB), load = verify + inflate (≤ 300 ms), one lookup (≤ 50 ns), and peak memory, each
 * beside its reference from the same run: zlib at levels 6 (the web's CompressionStream) and
 * 9 for the size, a bare typed-array read for the lookup.
 *
 * Standalone: `npx tsx bench/status-list.ts [--quick] [--markdown]` (--quick: 5 million
 * entries). `statusListSuite()` returns the same rows for bench/run.
 */
import { deflateSync } from 'node:zlib';
import { deflateRuns } from '../src/codec/deflate.js';
import { signStatusList, StatusList, TrustList, verify, issue, type StatusListValue } from '../src/index.js';
import { checkStatus, statusRuleOf } from '../src/verify-status.js';
import { fixedIssuerKey } from '../test/support/keys.js';

/** 2026-01-01T00:00:00Z, the bench's fixed clock. */
const NOW = 1_767_225_600;
const MB = 1_000_000;

export interface StatusRow {
  readonly name: string;
  readonly ours: string;
  readonly reference: string;
  readonly ratio?: string;
  readonly target?: string;
  readonly met?: boolean;
}

export interface StatusSection {
  readonly title: string;
  readonly rows: StatusRow[];
  readonly notes: string[];
}

/** mulberry32: fixed-seed positions and values, so every run measures the same list. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(3)} MB`;
}

async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

/** The benchmark list: `entries` green, then 1 % of them set to 1, 2 or 3 at random places. */
function buildList(entries: number): StatusList {
  const rnd = generator(0x0909);
  const list = new StatusList(entries);
  for (let k = 0; k < entries / 100; k++) list.set(Math.floor(rnd() * entries), (1 + Math.floor(rnd() * 3)) as StatusListValue);
  return list;
}

export async function statusListSuite(quick = false): Promise<StatusSection> {
  const entries = quick ? 5_000_000 : 50_000_000;
  const rounds = quick ? 3 : 5;
  const key = await fixedIssuerKey();
  const trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  const rows: StatusRow[] = [];
  const notes: string[] = [];

  // Build + compress + sign, end to end, as the issuer's publishing job runs it.
  const builds: number[] = [];
  const signs: number[] = [];
  let list!: StatusList;
  let token!: Uint8Array;
  for (let r = 0; r < rounds; r++) {
    const [l, buildMs] = await timed(() => buildList(entries));
    const [t, signMs] = await timed(() => signStatusList(l, key.privateJwk, { issuedAt: NOW, expiresAt: NOW + 2 * 86_400, ttl: 86_400 }));
    builds.push(buildMs);
    signs.push(signMs);
    list = l;
    token = t;
  }
  const raw = list.toBytes();
  const compressTimes: number[] = [];
  let lst!: Uint8Array;
  for (let r = 0; r < rounds; r++) {
    const [out, took] = await timed(() => deflateRuns(raw));
    lst = out;
    compressTimes.push(took);
  }
  const [zlib6, zlib6Ms] = await timed(() => deflateSync(raw, { level: 6 }));
  const [zlib9, zlib9Ms] = await timed(() => deflateSync(raw, { level: 9 }));
  const total = median(builds) + median(signs);
  const scale = entries / 50_000_000;
  rows.push({
    name: `build + compress + sign, ${entries.toLocaleString('en-US')} entries`,
    ours: `${ms(total)} (build ${ms(median(builds))}, compress ${ms(median(compressTimes))}, sign incl. compress ${ms(median(signs))})`,
    reference: `zlib level 6 alone ${ms(zlib6Ms)}, level 9 alone ${ms(zlib9Ms)}`,
    target: `≤ ${ms(3_000 * scale)}`,
    met: total <= 3_000 * scale,
  });
  rows.push({
    name: 'token size (lst + claims + signature)',
    ours: `${megabytes(token.length)} (lst ${megabytes(lst.length)})`,
    reference: `zlib level 6 ${megabytes(zlib6.length)}, level 9 ${megabytes(zlib9.length)}`,
    ratio: `${(lst.length / zlib6.length).toFixed(3)} of level 6, ${(lst.length / zlib9.length).toFixed(3)} of level 9`,
    target: `≤ ${megabytes(MB * scale)}`,
    met: token.length <= MB * scale,
  });

  // Load: verify the signature, inflate with the cap, adopt the bytes.
  const loads: number[] = [];
  let loaded!: StatusList;
  for (let r = 0; r < rounds; r++) {
    const [l, took] = await timed(() => StatusList.fromSigned(token, trust, { now: NOW + 60 }));
    loaded = l;
    loads.push(took);
  }
  const [, inflateMs] = await timed(async () => {
    const stream = new Blob([lst as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  });
  rows.push({
    name: 'load (StatusList.fromSigned: verify + inflate)',
    ours: ms(median(loads)),
    reference: `bare DecompressionStream inflate ${ms(inflateMs)}`,
    ratio: (median(loads) / inflateMs).toFixed(2),
    target: `≤ ${ms(300 * scale)}`,
    met: median(loads) <= 300 * scale,
  });

  // Lookup: get(i) against the same two array operations written bare, at random indices
  // within 64 KiB of the list (cache-resident: the cost of get itself) and over all of it
  // (each read a cache and TLB miss: the machine's memory latency, bare or not).
  const bare = loaded.toBytes();
  let sink = 0;
  const measureLookups = (window: number, seed: number): [number, number] => {
    const rnd = generator(seed);
    const probes = Uint32Array.from({ length: 1 << 20 }, () => Math.floor(rnd() * window));
    const ours: number[] = [];
    const reference: number[] = [];
    for (let r = 0; r < (quick ? 5 : 11); r++) {
      let start = performance.now();
      for (let k = 0; k < 8; k++) for (let i = 0; i < probes.length; i++) sink += loaded.get(probes[i]!);
      ours.push(((performance.now() - start) * 1e6) / (8 * probes.length));
      start = performance.now();
      for (let k = 0; k < 8; k++) {
        for (let i = 0; i < probes.length; i++) {
          const index = probes[i]!;
          sink += (bare[index >>> 2]! >>> ((index & 3) << 1)) & 3;
        }
      }
      reference.push(((performance.now() - start) * 1e6) / (8 * probes.length));
    }
    return [median(ours), median(reference)];
  };
  const [hotOurs, hotBare] = measureLookups(1 << 18, 7);
  rows.push({
    name: 'lookup: list.get, random index within 64 KiB of the list',
    ours: `${hotOurs.toFixed(1)} ns`,
    reference: `${hotBare.toFixed(1)} ns bare Uint8Array read`,
    ratio: (hotOurs / hotBare).toFixed(2),
    target: '≤ 50 ns',
    met: hotOurs <= 50,
  });
  const [coldOurs, coldBare] = measureLookups(entries, 8);
  rows.push({
    name: `lookup: list.get, random index over all ${megabytes(bare.length)}`,
    ours: `${coldOurs.toFixed(1)} ns`,
    reference: `${coldBare.toFixed(1)} ns bare Uint8Array read`,
    ratio: (coldOurs / coldBare).toFixed(2),
  });
  notes.push('the second lookup row is bound by memory latency (a cache and TLB miss per read), the same for the bare read');

  // Rule 15's own cost per code (options check + list choice + lookup), beside a whole verify().
  const text = await issue({ status: 'green', issuedAt: NOW - 3_600, expiresAt: NOW + 86_400, statusIndex: 12_345 }, key.privateJwk);
  const claims = { issuer: 'CN-330100', issuedAt: NOW - 3_600, status: 'green' as const, statusIndex: 12_345 };
  const ruleRuns = 200_000;
  const ruleTimes: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < ruleRuns; i++) checkStatus(claims, trust, NOW + 60, 300, statusRuleOf([loaded], true)!);
    ruleTimes.push(((performance.now() - start) * 1000) / ruleRuns);
  }
  const verifyRuns = 2_000;
  const verifyTimes: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < verifyRuns; i++) await verify(text, trust, { now: NOW + 60, statusLists: [loaded], requireStatus: true });
    verifyTimes.push(((performance.now() - start) * 1000) / verifyRuns);
  }
  rows.push({
    name: 'rule 15 per code (statusLists check, list choice, lookup)',
    ours: `${median(ruleTimes).toFixed(2)} µs`,
    reference: `${median(verifyTimes).toFixed(1)} µs a whole verify() with the list`,
    ratio: (median(ruleTimes) / median(verifyTimes)).toFixed(4),
  });

  const usage = process.resourceUsage();
  notes.push(`peak memory (max RSS of this process, all rows): ${(usage.maxRSS / 1024).toFixed(0)} MiB; a loaded list holds ${megabytes(bare.length)} of entries`);
  notes.push(`sink ${sink & 1} (keeps the lookup loops from being optimised away)`);
  notes.push('sizes in MB = 10^6 bytes; times are medians of the rounds; zlib levels run once each (level 9 takes seconds)');
  return { title: `Status list, ${entries.toLocaleString('en-US')} entries, 1 % non-green`, rows, notes };
}

function print(section: StatusSection, markdown: boolean): void {
  const mark = (row: StatusRow): string => (row.met === undefined ? '' : row.met ? 'met' : 'MISSED');
  if (markdown) {
    console.log(`### ${section.title}\n\n| | ours | reference (same run) | ratio | target | |\n| --- | --- | --- | --- | --- | --- |`);
    for (const row of section.rows) console.log(`| ${row.name} | ${row.ours} | ${row.reference} | ${row.ratio ?? ''} | ${row.target ?? ''} | ${mark(row)} |`);
    console.log('');
    for (const note of section.notes) console.log(`- ${note}`);
    return;
  }
  console.log(`\n== ${section.title}`);
  for (const row of section.rows) {
    console.log(`${row.name}\n   ours       ${row.ours}\n   reference  ${row.reference}${row.ratio ? `\n   ratio      ${row.ratio}` : ''}${row.target ? `\n   target     ${row.target}  ${mark(row)}` : ''}`);
  }
  for (const note of section.notes) console.log(`   ${note}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const section = await statusListSuite(args.includes('--quick'));
  print(section, args.includes('--markdown'));
  if (section.rows.some((row) => row.met === false)) process.exitCode = 1;
}
