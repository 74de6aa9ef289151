/**
 * The issuer service's status list (issue #9): indices from a persisted seed, kept across
 * re-issues; `POST /people/:id/status` changing a colour without re-issuing; `GET
 * /status-list` serving the signed list, signed again when a colour changes and at least every
 * 12 hours. The service runs in this process with a clock the tests move.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../examples/issuer-service/db/migrations.js';
import { startIssuerService, type IssuerService } from '../../examples/issuer-service/service.js';
import { STATUS_LIST_SIZE } from '../../examples/issuer-service/status-indices.js';
import { STATUS_LIST_LIFETIME, STATUS_LIST_REFRESH, STATUS_LIST_TTL } from '../../examples/issuer-service/status-publisher.js';
import { StatusIndexAllocator, StatusList, TrustList, verify, type VerifyResult } from '../../src/index.js';

const CLEAN = { hasSymptoms: false, visitedHighRiskArea: false, contactWithConfirmed: false } as const;
/** The service's clock: fixed, moved by the tests. */
const T0 = 1_795_000_000;
let clock = T0;

let work: string;
let dataDir: string;
let service: IssuerService;
let trust: TrustList;

async function start(dir = dataDir): Promise<IssuerService> {
  return startIssuerService({ dataDir: dir, port: 0, now: () => clock, onError: (e) => console.error(e) });
}

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${service.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

async function declare(idNumber: string, answers: Partial<Record<keyof typeof CLEAN, boolean>> = {}): Promise<{ status: number; json: any }> {
  return post('/codes', { idNumber, name: '测试', ...CLEAN, ...answers });
}

async function fetchList(headers: Record<string, string> = {}): Promise<{ status: number; etag: string | null; type: string | null; bytes: Uint8Array; res: Response }> {
  const res = await fetch(`${service.url}/status-list`, { headers });
  return { status: res.status, etag: res.headers.get('etag'), type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()), res };
}

async function currentList(): Promise<StatusList> {
  return StatusList.fromSigned((await fetchList()).bytes, trust, { now: clock });
}

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(join(dataDir, 'issuer.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

function valid(result: VerifyResult): Extract<VerifyResult, { valid: true }> {
  if (!result.valid) throw new Error(`expected a valid result, got ${result.code}: ${result.message}`);
  return result;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'issuer-status-'));
  dataDir = join(work, 'data');
  service = await start();
  const root = await (await fetch(`${service.url}/root.jwk`)).json();
  trust = await TrustList.fromSigned(await (await fetch(`${service.url}/trust-list`)).text(), { keys: [root] }, { now: clock });
});

afterAll(async () => {
  await service?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('GET /status-list', () => {
  it('serves the signed list (application/statuslist+cwt, public, ETag), signed by the issuer key at start, all green', async () => {
    const first = await fetchList();
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/statuslist+cwt');
    expect(first.res.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.res.headers.get('cache-control')).toBe('no-cache');
    expect(first.etag).toMatch(/^"[\w-]{43}"$/);
    expect((await fetchList({ 'If-None-Match': first.etag! })).status).toBe(304);
    const list = await StatusList.fromSigned(first.bytes, trust, { now: clock });
    expect(list.size).toBe(STATUS_LIST_SIZE);
    expect(list.meta).toMatchObject({ issuer: 'CN-330100', issuedAt: T0 + 1, expiresAt: T0 + 1 + STATUS_LIST_LIFETIME, ttl: STATUS_LIST_TTL, kid: trust.keys[0]!.kid });
    expect(list.toBytes().every((b) => b === 0)).toBe(true);
  });

  it('answers 405 to other methods', async () => {
    const res = await fetch(`${service.url}/status-list`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('status-list indices', () => {
  it('gives each person a distinct index from the seeded permutation (not in issuance order), kept across re-issues', async () => {
    clock = T0 + 10;
    const people: { ref: string; index: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const { status, json } = await declare(`INDEX${String(i).padStart(4, '0')}`);
      expect(status).toBe(201);
      people.push({ ref: json.personId, index: valid(await verify(json.code, trust, { now: clock })).statusIndex! });
    }
    // The n-th person recorded gets π(n) under the 0600 seed file's key.
    expect(readFileSync(join(dataDir, 'status-seed'), 'utf8').trim()).toMatch(/^[\w-]{43}$/);
    const seed = new Uint8Array(Buffer.from(readFileSync(join(dataDir, 'status-seed'), 'utf8').trim(), 'base64url'));
    const allocator = await StatusIndexAllocator.create(seed, STATUS_LIST_SIZE);
    const firstN = (query<{ n: number }>('SELECT next_n AS n FROM status_list')[0]!.n) - people.length;
    expect(people.map((p) => p.index)).toEqual(people.map((_, i) => allocator.indexFor(firstN + i)));
    expect(new Set(people.map((p) => p.index)).size).toBe(people.length);
    const indices = people.map((p) => p.index);
    expect(indices).not.toEqual([...indices].sort((a, b) => a - b));
    expect(Math.max(...indices)).toBeGreaterThan(STATUS_LIST_SIZE / 2); // spread over the list, not packed at its start
    // A re-issue (new colour) keeps the person's index; the database holds it once.
    const again = await declare('INDEX0003', { visitedHighRiskArea: true });
    expect(again.status).toBe(201);
    expect(valid(await verify(again.json.code, trust, { now: clock })).statusIndex).toBe(people[3]!.index);
    expect(query('SELECT status_index AS i FROM people WHERE ref = ?', people[3]!.ref)).toEqual([{ i: people[3]!.index }]);
  });
});

describe('POST /people/:id/status', () => {
  it('raises a colour without re-issuing: the list is signed again at once, and a checkpoint holding it sees red on the green code', async () => {
    clock = T0 + 99;
    const before = await fetchList();
    clock = T0 + 100;
    const { json: green } = await declare('330106199001011234');
    expect(green.status).toBe('green');
    const codes = query<{ n: number }>('SELECT count(*) AS n FROM codes')[0]!.n;

    // The same second as the code: the snapshot's iat is the next second, so the list covers it.
    const changed = await post(`/people/${green.personId}/status`, { status: 'red', reason: 'close contact of a confirmed case' });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({
      personId: green.personId,
      status: 'red',
      reason: 'close contact of a confirmed case',
      changed: true,
      statusList: { issuedAt: clock + 1, expiresAt: clock + 1 + STATUS_LIST_LIFETIME, showsChange: true },
    });
    expect(query<{ n: number }>('SELECT count(*) AS n FROM codes')[0]!.n).toBe(codes); // no re-issue

    const after = await fetchList();
    expect(after.etag).not.toBe(before.etag);
    const list = await StatusList.fromSigned(after.bytes, trust, { now: clock });
    const result = valid(await verify(green.code, trust, { now: clock, statusLists: [list] }));
    expect(result).toMatchObject({ status: 'red', issuedStatus: 'green', statusSource: 'list', statusListAge: 0 });
    expect(list.get(result.statusIndex!)).toBe(2);

    // A code issued after the snapshot, in the same second, is not older than the list: its own colour stands.
    const reissued = await declare('330106199001011234');
    expect(reissued.status).toBe(201);
    expect(reissued.json).toMatchObject({ status: 'red', reason: 'close contact of a confirmed case', issuedAt: clock + 1 });
    expect(valid(await verify(reissued.json.code, trust, { now: clock, statusLists: [list] }))).toMatchObject({ status: 'red', statusSource: 'code' });
  });

  it('keeps the authority\'s colour as a floor: a declaration raises it, never lowers it; the authority lowers it again', async () => {
    clock = T0 + 200;
    const { json } = await declare('FLOOR0001');
    await post(`/people/${json.personId}/status`, { status: 'yellow', reason: 'lives in a controlled area' });
    expect((await declare('FLOOR0001')).json).toMatchObject({ status: 'yellow', reason: 'lives in a controlled area' });
    expect((await declare('FLOOR0001', { hasSymptoms: true })).json).toMatchObject({ status: 'red', reason: 'symptoms declared' });
    // A list was signed this second (for the yellow): the change goes into the next second's.
    const lowered = await post(`/people/${json.personId}/status`, { status: 'green', reason: 'negative test' });
    expect(lowered.json).toMatchObject({ status: 'green', changed: true, statusList: { showsChange: false } });
    const index = valid(await verify(json.code, trust, { now: clock })).statusIndex!;
    expect((await currentList()).get(index)).toBe(1); // this second's list: yellow, from before the symptoms
    clock += 1;
    const next = await currentList();
    expect([next.get(index), next.meta!.issuedAt]).toEqual([0, clock + 1]);
    expect((await declare('FLOOR0001')).json).toMatchObject({ status: 'green', reason: 'negative test' });
    expect((await declare('FLOOR0001', { visitedHighRiskArea: true })).json).toMatchObject({ status: 'yellow', reason: 'visited a high-risk area' });
    // The same colour again changes nothing.
    const etag = (await fetchList()).etag;
    expect((await post(`/people/${json.personId}/status`, { status: 'yellow', reason: 'still yellow' })).json).toMatchObject({ status: 'yellow', changed: false });
    expect((await fetchList()).etag).toBe(etag);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{"status":', /not valid JSON/],
    ['an array', [], /expected a JSON object/],
    ['a missing reason', { status: 'red' }, /"reason" is missing/],
    ['an unknown field', { status: 'red', reason: 'x', until: 1 }, /unknown field "until"/],
    ['an unknown colour', { status: 'blue', reason: 'x' }, /"status" expected "green", "yellow" or "red", got "blue"/],
    ['revoked (not a colour)', { status: 'revoked', reason: 'x' }, /"status" expected/],
    ['a blank reason', { status: 'red', reason: ' ' }, /"reason" is empty/],
    ['a reason with a control character', { status: 'red', reason: 'a\u0000b' }, /control/],
    ['a reason of 201 characters', { status: 'red', reason: 'x'.repeat(201) }, /at most 200 characters/],
  ];
  it.each(bad)('refuses %s with 400 BAD_STATUS_CHANGE, changing nothing', async (_what, body, message) => {
    const { json } = await declare('REFUSED001');
    const etag = (await fetchList()).etag;
    const answer = await post(`/people/${json.personId}/status`, body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe(body === '{"status":' ? 'BAD_JSON' : 'BAD_STATUS_CHANGE');
    expect(answer.json.message).toMatch(message);
    expect(query('SELECT status, authority_status AS a FROM people WHERE ref = ?', json.personId)).toEqual([{ status: 'green', a: null }]);
    expect((await fetchList()).etag).toBe(etag);
  });

  it('answers 404 for an unknown person or a malformed id, 405 for GET, and no CORS preflight (the authority calls it, not web pages)', async () => {
    const unknown = await post('/people/0123456789abcdef01234567/status', { status: 'red', reason: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: 'NOT_FOUND', message: expect.stringMatching(/no person with id "0123456789abcdef01234567"/) });
    expect((await post('/people/..%2Fcodes/status', { status: 'red', reason: 'x' })).status).toBe(404);
    const wrong = await fetch(`${service.url}/people/0123456789abcdef01234567/status`);
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
    const preflight = await fetch(`${service.url}/people/0123456789abcdef01234567/status`, { method: 'OPTIONS', headers: { Origin: 'https://page.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('re-signing', () => {
  it('signs again when a declaration changes a colour (from the next second when one was signed this second), and at least every 12 hours with none', async () => {
    clock = T0 + 300;
    const { json } = await declare('RESIGN0001');
    const index = valid(await verify(json.code, trust, { now: clock })).statusIndex!;
    const quiet = (await fetchList()).etag;
    await declare('RESIGN0002'); // a new person changes no entry of an older code
    expect((await fetchList()).etag).toBe(quiet);
    await declare('RESIGN0001', { visitedHighRiskArea: true });
    expect((await currentList()).get(index)).toBe(0); // one snapshot a second: this one was taken
    clock += 1;
    const list = await currentList();
    expect([list.get(index), list.meta!.issuedAt]).toEqual([1, clock + 1]);

    const signedAt = list.meta!.issuedAt;
    clock = signedAt + STATUS_LIST_REFRESH - 1;
    expect((await currentList()).meta!.issuedAt).toBe(signedAt);
    clock = signedAt + STATUS_LIST_REFRESH;
    const daily = await currentList();
    expect(daily.meta!.issuedAt).toBe(clock + 1);
    expect(Buffer.from(daily.toBytes()).equals(Buffer.from(list.toBytes()))).toBe(true); // the same entries, signed again
  });
});

describe('times', () => {
  it('takes one snapshot a second however many colours change, so iats never run ahead of the clock by more than a second', async () => {
    clock = T0 + 45_000; // after the 12 hours above
    const people: { ref: string; index: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const { json } = await declare(`BURST${String(i).padStart(5, '0')}`);
      people.push({ ref: json.personId, index: valid(await verify(json.code, trust, { now: clock })).statusIndex! });
    }
    for (let round = 0; round < 3; round++) {
      for (const [i, person] of people.entries()) {
        const status = (['yellow', 'red', 'green'] as const)[(i + round) % 3]!;
        expect((await post(`/people/${person.ref}/status`, { status, reason: `round ${round}` })).status).toBe(200);
        const { json } = await declare(`BURST${String(i).padStart(5, '0')}`);
        expect(json.issuedAt).toBeLessThanOrEqual(clock + 1);
      }
    }
    expect((await currentList()).meta!.issuedAt).toBe(clock + 1);
    clock += 1;
    const list = await currentList();
    expect(list.meta!.issuedAt).toBe(clock + 1);
    expect(people.map((p) => list.get(p.index))).toEqual(people.map((_, i) => [1, 2, 0][(i + 2) % 3]));
  });
});

describe('storage and restart', () => {
  it('keeps the seed, the counter and every index across a restart', async () => {
    clock = T0 + 50_000;
    const { json: before } = await declare('RESTART001');
    const index = valid(await verify(before.code, trust, { now: clock })).statusIndex;
    const n = query<{ n: number }>('SELECT next_n AS n FROM status_list')[0]!.n;
    await service.close();
    service = await start();
    const again = await declare('RESTART001');
    expect([again.status, again.json.code]).toEqual([200, before.code]);
    const { json: next } = await declare('RESTART002');
    const seed = new Uint8Array(Buffer.from(readFileSync(join(dataDir, 'status-seed'), 'utf8').trim(), 'base64url'));
    const allocator = await StatusIndexAllocator.create(seed, STATUS_LIST_SIZE);
    expect(valid(await verify(next.code, trust, { now: clock })).statusIndex).toBe(allocator.indexFor(n));
    expect(valid(await verify(before.code, trust, { now: clock })).statusIndex).toBe(index);
  });

  it('upgrades a version 1 database: people get a ref and an index at start', async () => {
    // A data directory as version 1 of the service left it: migration 1's schema, one person.
    const old = join(work, 'v1');
    mkdirSync(old, { mode: 0o700 });
    const db = new Database(join(old, 'issuer.sqlite'));
    db.exec(MIGRATIONS[0]!.sql);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version VALUES (1)');
    db.prepare("INSERT INTO people (id_hash, masked_name, id_hint, status, reason, created_at, updated_at) VALUES ('h', 'O**', '0001', 'yellow', 'visited a high-risk area', 1, 1)").run();
    db.close();
    chmodSync(join(old, 'issuer.sqlite'), 0o600);
    const upgraded = await start(old);
    await upgraded.close();
    const check = new Database(join(old, 'issuer.sqlite'), { readonly: true });
    try {
      expect(check.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: 2 }]);
      const [person] = check.prepare('SELECT ref, status_index AS i FROM people').all() as { ref: string; i: number }[];
      expect(person!.ref).toMatch(/^[0-9a-f]{24}$/);
      expect(person!.i).toBeGreaterThanOrEqual(0);
      expect(check.prepare('SELECT next_n AS n, size FROM status_list').all()).toEqual([{ n: 1, size: STATUS_LIST_SIZE }]);
    } finally {
      check.close();
    }
  });

  it('refuses to start when the seed file is readable by others, or the list size changed', async () => {
    const other = join(work, 'loose');
    await (await start(other)).close();
    chmodSync(join(other, 'status-seed'), 0o640);
    await expect(start(other)).rejects.toThrow(/status-seed is readable by other users \(mode 0640\): run "chmod 600/);
    chmodSync(join(other, 'status-seed'), 0o600);
    const db = new Database(join(other, 'issuer.sqlite'));
    db.prepare('UPDATE status_list SET size = 1000').run();
    db.close();
    await expect(start(other)).rejects.toThrow(/status list has 1000 entries, this service is built for 16777216/);
  });
});
