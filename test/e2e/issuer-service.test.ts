/**
 * The issuer service example as a product: started as `npm run issuer` starts it (a child
 * process on a port the OS picks), driven over HTTP on loopback, its database read back.
 */
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnIssuerService, type IssuerProcess } from '../../examples/issuer-service/child.js';
import { CODE_TTL } from '../../examples/issuer-service/routes/codes.js';
import { TrustList, verify } from '../../src/index.js';
import { scanImage } from '../../src/qr/index.js';
import { pngToRgba } from '../support/images.js';

interface CodeAnswer {
  code: string;
  status: string;
  reason: string;
  issuedAt: number;
  expiresAt: number;
  name: string;
  idHint: string;
  personId: string;
  holderBound: boolean;
  png: string;
}

const CLEAN = { hasSymptoms: false, visitedHighRiskArea: false, contactWithConfirmed: false } as const;

let dataDir: string;
let service: IssuerProcess;
let trust: TrustList;

async function post(body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${service.url}/codes`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

function counts(): { people: number; codes: number } {
  const db = new Database(join(dataDir, 'issuer.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const people = (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
    const codes = (db.prepare('SELECT count(*) AS n FROM codes').get() as { n: number }).n;
    return { people, codes };
  } finally {
    db.close();
  }
}

async function loadTrust(url: string): Promise<TrustList> {
  const root = await (await fetch(`${url}/root.jwk`)).json();
  const jws = await (await fetch(`${url}/trust-list`)).text();
  return TrustList.fromSigned(jws, { keys: [root] }, { rejectStale: true });
}

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'issuer-service-')), 'data');
  service = await spawnIssuerService({ dataDir });
  trust = await loadTrust(service.url);
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

describe('POST /codes', () => {
  it('issues a green code with the masked name and id hint; its PNG scans to the code; it verifies against the signed list', async () => {
    const answer = await post({ idNumber: '330106199001011234', name: '张三', ...CLEAN });
    expect(answer.status).toBe(201);
    const body = answer.json as CodeAnswer;
    expect(Object.keys(body).sort()).toEqual(['code', 'expiresAt', 'holderBound', 'idHint', 'issuedAt', 'name', 'personId', 'png', 'reason', 'status']);
    expect(body).toMatchObject({ status: 'green', reason: 'no risk declared', name: '张*', idHint: '1234', holderBound: false });
    expect(body.personId).toMatch(/^[0-9a-f]{24}$/);
    expect(body.expiresAt - body.issuedAt).toBe(CODE_TTL);
    expect(Math.abs(body.issuedAt - Date.now() / 1000)).toBeLessThan(120);
    expect(body.code).toMatch(/^HQ1:[0-9A-Z $%*+\-./:]+$/);
    expect(answer.headers.get('cache-control')).toBe('no-store');

    const png = new Uint8Array(Buffer.from(body.png, 'base64'));
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(scanImage(pngToRgba(png))).toBe(body.code);

    const result = await verify(body.code, trust);
    expect(result).toMatchObject({ valid: true, status: 'green', issuer: 'CN-330100', name: '张*', idHint: '1234', expiresAt: body.expiresAt, holderBound: false });
    expect(result.valid && result.statusIndex).toEqual(expect.any(Number));
    expect(trust.meta.seq).toBe(1);
  });

  it.each([
    [{ ...CLEAN }, 'green', 'no risk declared'],
    [{ ...CLEAN, visitedHighRiskArea: true }, 'yellow', 'visited a high-risk area'],
    [{ ...CLEAN, hasSymptoms: true }, 'red', 'symptoms declared'],
    [{ ...CLEAN, hasSymptoms: true, visitedHighRiskArea: true }, 'red', 'symptoms declared'],
    [{ ...CLEAN, contactWithConfirmed: true, hasSymptoms: true }, 'red', 'close contact with a confirmed case'],
    [{ ...CLEAN, contactWithConfirmed: true, visitedHighRiskArea: true }, 'red', 'close contact with a confirmed case'],
  ])('colour rule: %j -> %s (%s)', async (answers, status, reason) => {
    const idNumber = `R${status}${reason.length}${Object.values(answers).map(Number).join('')}`.toUpperCase();
    const { status: http, json } = await post({ idNumber, name: 'Test', ...answers });
    expect(http).toBe(201);
    expect(json).toMatchObject({ status, reason });
    expect(await verify(json.code, trust)).toMatchObject({ valid: true, status });
  });

  it('re-issues a person\'s code when their colour changes, and returns the code on record while it does not', async () => {
    const person = { idNumber: '11010519491231002x', name: '李四' };
    const first = await post({ ...person, ...CLEAN });
    const again = await post({ ...person, ...CLEAN, idNumber: ' 11010519491231002X ' }); // same person: id normalised
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.code).toBe(first.json.code);
    const yellow = await post({ ...person, ...CLEAN, visitedHighRiskArea: true });
    expect(yellow.status).toBe(201);
    expect(yellow.json).toMatchObject({ status: 'yellow', name: '李*', idHint: '002X' });
    expect(yellow.json.code).not.toBe(first.json.code);
    const green = await post({ ...person, ...CLEAN });
    expect(green.status).toBe(201);
    // Codes are deterministic: back to green within the same second is the first code again.
    expect(green.json.code === first.json.code).toBe(green.json.issuedAt === first.json.issuedAt);
    expect(await verify(green.json.code, trust)).toMatchObject({ valid: true, status: 'green' });

    const db = new Database(join(dataDir, 'issuer.sqlite'), { readonly: true });
    try {
      const rows = db.prepare("SELECT c.status FROM codes c JOIN people p ON p.id = c.person_id WHERE p.id_hint = '002X' ORDER BY c.id").all();
      expect(rows).toEqual([{ status: 'green' }, { status: 'yellow' }, { status: 'green' }]);
      expect(db.prepare("SELECT status, masked_name AS name FROM people WHERE id_hint = '002X'").all()).toEqual([{ status: 'green', name: '李*' }]);
    } finally {
      db.close();
    }
  });

  it('masks names character by character (grapheme clusters), whatever the script', async () => {
    const cases: [string, string, string][] = [
      ['Alice Smith', 'ALICE0001', 'A**********'],
      ['欧阳娜娜', 'OUYANG0002', '欧***'],
      ['E\u0301milie', 'EMILIE0003', '\u00c9*****'], // NFC: É is one character
      ['👩‍⚕️ Ana', 'ANA0000004', '👩‍⚕️****'],
    ];
    for (const [name, idNumber, masked] of cases) {
      const { json } = await post({ idNumber, name, ...CLEAN });
      expect(json.name, name).toBe(masked);
      expect(json.idHint).toBe(idNumber.slice(-4));
      expect(await verify(json.code, trust)).toMatchObject({ valid: true, name: masked });
    }
  });

  const bad: [string, string | unknown, Record<string, string>, number, string, RegExp][] = [
    ['bad JSON', '{"idNumber": ', { 'Content-Type': 'application/json' }, 400, 'BAD_JSON', /not valid JSON/],
    ['an empty body', '', { 'Content-Type': 'application/json' }, 400, 'BAD_JSON', /empty/],
    ['not UTF-8', '\u0000', { 'Content-Type': 'application/json' }, 400, 'BAD_JSON', /not valid UTF-8/],
    ['an array', [], { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /expected a JSON object.*got array/],
    ['a missing field', { idNumber: '330106199001015555', name: '王五', hasSymptoms: false, visitedHighRiskArea: false }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /"contactWithConfirmed" is missing/],
    ['an unknown field', { idNumber: '330106199001015555', name: '王五', ...CLEAN, temperature: 38.5 }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /unknown field "temperature"/],
    ['a string for a boolean', { idNumber: '330106199001015555', name: '王五', ...CLEAN, hasSymptoms: 'no' }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /"hasSymptoms" expected true or false, got string/],
    ['a number for the id', { idNumber: 330106199001015555, name: '王五', ...CLEAN }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /"idNumber" expected a string, got number/],
    ['an id with punctuation', { idNumber: '330106-1990', name: '王五', ...CLEAN }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /"idNumber" expected 6 to 32 letters and digits/],
    ['a blank name', { idNumber: '330106199001015555', name: '  ', ...CLEAN }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /"name" is empty/],
    ['a name with a control character', { idNumber: '330106199001015555', name: '王\u0007五', ...CLEAN }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /control/],
    ['a name with a bidi override', { idNumber: '330106199001015555', name: 'Ann\u202eA', ...CLEAN }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /invisible formatting/],
    ['a name of 41 characters', { idNumber: '330106199001015555', name: 'x'.repeat(41), ...CLEAN }, { 'Content-Type': 'application/json' }, 400, 'BAD_DECLARATION', /at most 40 characters/],
    ['a body over 16 KiB', { idNumber: '330106199001015555', name: 'x', ...CLEAN, pad: 'x'.repeat(16 * 1024) }, { 'Content-Type': 'application/json' }, 400, 'BODY_TOO_LARGE', /over the limit of 16384 bytes/],
    ['a form body', 'idNumber=1', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/],
  ];
  it.each(bad)('refuses %s with %i %s and a reason, writing nothing', async (_what, body, headers, status, code, message) => {
    const before = counts();
    const raw = typeof body === 'string' ? (body === '\u0000' ? new Uint8Array([0x7b, 0xff, 0x7d]) : body) : JSON.stringify(body);
    const res = await fetch(`${service.url}/codes`, { method: 'POST', headers, body: raw });
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(json.error).toBe(code);
    expect(json.message).toMatch(message);
    expect(counts()).toEqual(before);
  });

  it('refuses an oversized body sent in chunks (no Content-Length) before reading it all', async () => {
    const before = counts();
    const answer = await new Promise<{ status: number; body: string }>((resolveAnswer, reject) => {
      const req = request(`${service.url}/codes`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"pad":"');
      for (let i = 0; i < 20; i++) req.write('x'.repeat(1024));
      req.end('"}');
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'BODY_TOO_LARGE' });
    expect(counts()).toEqual(before);
  });
});

describe('other routes', () => {
  it('GET /trust-list serves the signed list (application/jose, public, revalidated by ETag); GET /root.jwk the pinned root', async () => {
    const res = await fetch(`${service.url}/trust-list`);
    expect(res.headers.get('content-type')).toBe('application/jose');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const etag = res.headers.get('etag')!;
    expect(etag).toBe('"seq-1"');
    expect((await fetch(`${service.url}/trust-list`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const list = await TrustList.fromSigned(await res.text(), { keys: [await (await fetch(`${service.url}/root.jwk`)).json()] });
    expect(list.keys).toEqual([expect.objectContaining({ issuer: 'CN-330100', alg: 'EdDSA', revoked: false })]);
    const root = await (await fetch(`${service.url}/root.jwk`)).json();
    expect(Object.keys(root).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'x']);
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const missing = await fetch(`${service.url}/nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('NOT_FOUND');
    const wrong = await fetch(`${service.url}/codes`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await wrong.json()).message).toMatch(/\/codes accepts POST, not GET/);
  });
});

describe('storage', () => {
  it('keeps the private keys and the id secret in 0600 files, the database 0600, the directory 0700', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const name of ['issuer-key.jwk', 'root-key.jwk', 'id-secret', 'status-seed', 'issuer.sqlite']) {
      expect(statSync(join(dataDir, name)).mode & 0o777, name).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(dataDir, 'issuer-key.jwk'), 'utf8'))).toMatchObject({ kty: 'OKP', iss: 'CN-330100', d: expect.any(String) });
  });

  it('stores neither raw id numbers nor full names, only hashes, masks and hints; no private key or status-index seed in the database', async () => {
    const idNumber = '440305198807076666';
    const { json } = await post({ idNumber, name: '赵六六', ...CLEAN });
    expect(json.name).toBe('赵**');
    const secret = JSON.parse(readFileSync(join(dataDir, 'issuer-key.jwk'), 'utf8')).d as string;
    const files = readdirSync(dataDir).filter((f) => f.startsWith('issuer.sqlite'));
    expect(files).toContain('issuer.sqlite-wal');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(dataDir, f))));
    expect(bytes.includes(Buffer.from('赵**'))).toBe(true); // the search below can find text
    const seed = readFileSync(join(dataDir, 'status-seed'), 'utf8').trim();
    expect(Buffer.from(seed, 'base64url')).toHaveLength(32);
    for (const needle of [idNumber, '330106199001011234', '赵六六', '张三', secret, seed]) {
      expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
    }
  });

  it('records the public halves of both keys and the schema version', () => {
    const db = new Database(join(dataDir, 'issuer.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: 2 }]);
      const keys = db.prepare('SELECT role, public_jwk AS jwk FROM signing_keys ORDER BY role').all() as { role: string; jwk: string }[];
      expect(keys.map((k) => k.role)).toEqual(['issuer', 'root']);
      for (const k of keys) expect(JSON.parse(k.jwk)).not.toHaveProperty('d');
    } finally {
      db.close();
    }
  });
});

describe('lifecycle', () => {
  it('on restart keeps its keys, people and trust list; a code issued before still verifies', async () => {
    const before = await post({ idNumber: 'RESTART001', name: 'Ruth', ...CLEAN });
    const kid = /issuer key (\S+),/.exec(service.output().stdout)![1];
    const { code, signal } = await service.stop();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(service.output().stdout).toMatch(/SIGTERM, finishing requests in flight\nissuer-service: stopped\n$/);

    service = await spawnIssuerService({ dataDir });
    expect(service.output().stdout).toContain(`issuer key ${kid},`);
    const again = await post({ idNumber: 'RESTART001', name: 'Ruth', ...CLEAN });
    expect(again.status).toBe(200);
    expect(again.json.code).toBe(before.json.code);
    const reloaded = await loadTrust(service.url);
    expect(reloaded.meta.seq).toBe(1);
    expect(await verify(before.json.code, reloaded)).toMatchObject({ valid: true, name: 'R***' });
  });

  it('refuses to start when a key file is readable by others, naming the fix', async () => {
    const other = join(dataDir, '..', 'loose');
    const first = await spawnIssuerService({ dataDir: other });
    await first.stop();
    const { chmodSync } = await import('node:fs');
    chmodSync(join(other, 'root-key.jwk'), 0o644);
    await expect(spawnIssuerService({ dataDir: other })).rejects.toThrow(/root-key\.jwk is readable by other users \(mode 0644\): run "chmod 600/);
  });

  it('refuses to start with a data directory made for another issuer id', async () => {
    await expect(spawnIssuerService({ dataDir, env: { ISSUER_ID: 'CN-110000' } })).rejects.toThrow(/signs for issuer "CN-330100", but the service is configured as "CN-110000"/);
  });

  it('on SIGTERM finishes the request in flight, then exits 0 and takes no new connections', async () => {
    const body = JSON.stringify({ idNumber: 'INFLIGHT01', name: 'Ivan', ...CLEAN });
    let continued!: () => void;
    const gotContinue = new Promise<void>((r) => (continued = r));
    const req = request(`${service.url}/codes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; body: string }>((resolveAnswer, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
    });
    req.on('continue', () => continued());
    req.flushHeaders();
    await gotContinue; // node:http answers 100 Continue as it hands the request to the handler
    const url = service.url;
    const exited = service.stop('SIGTERM');
    await service.waitForOutput(/SIGTERM, finishing requests in flight/);
    await expect(fetch(`${url}/trust-list`)).rejects.toThrow();
    req.end(body);
    const done = await answer;
    expect(done.status).toBe(201);
    expect(JSON.parse(done.body)).toMatchObject({ status: 'green', name: 'I***' });
    expect(await exited).toEqual({ code: 0, signal: null });
    service = await spawnIssuerService({ dataDir });
    expect((await post({ idNumber: 'INFLIGHT01', name: 'Ivan', ...CLEAN })).status).toBe(200); // it was recorded
  });
});
