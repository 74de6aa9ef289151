/** `issue --batch` records: the NDJSON schema, its defaults and its refusals (code and message). */
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../../src/cli/i18n.js';
import { parseRecord, RecordError, type BatchDefaults } from '../../../src/cli/batch/record.js';

const t = messagesFor('en').batch;
const ISSUED = 1_767_225_600; // 2026-01-01T00:00:00Z
const DEFAULTS: BatchDefaults = { issuedAt: ISSUED };

function refusal(line: string, defaults: BatchDefaults = DEFAULTS): RecordError {
  try {
    parseRecord(line, defaults, t);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    return error as RecordError;
  }
  throw new Error(`accepted: ${line}`);
}

describe('parseRecord', () => {
  it('reads every member, times as on the command line, offsets from the record\'s issue time', () => {
    const line = JSON.stringify({
      id: 'p-1',
      status: 'yellow',
      issuedAt: '2026-01-02T00:00:00Z',
      expiresAt: '+24h',
      notBefore: '+1h',
      name: '张*',
      idHint: '1234',
      subjectRef: 'AAEC',
      statusIndex: 17,
      holderKey: { kty: 'OKP', crv: 'Ed25519', x: 'x' },
    });
    const { input, id } = parseRecord(line, DEFAULTS, t);
    expect(id).toBe('p-1');
    expect(input).toEqual({
      status: 'yellow',
      issuedAt: ISSUED + 86_400,
      expiresAt: ISSUED + 2 * 86_400,
      notBefore: ISSUED + 86_400 + 3600,
      name: '张*',
      idHint: '1234',
      subjectRef: new Uint8Array([0, 1, 2]),
      statusIndex: 17,
      holderKey: { kty: 'OKP', crv: 'Ed25519', x: 'x' },
    });
  });

  it('takes status, expiry and issue time from the command line when a record has none', () => {
    const { input, id } = parseRecord('{}', { issuedAt: ISSUED, status: 'red', expires: '+7d' }, t);
    expect(id).toBeUndefined();
    expect(input).toEqual({ status: 'red', issuedAt: ISSUED, expiresAt: ISSUED + 7 * 86_400 });
    expect(parseRecord('{"expiresAt": 1767312000, "status": "green", "id": 42}', DEFAULTS, t)).toEqual({
      input: { status: 'green', issuedAt: ISSUED, expiresAt: 1_767_312_000 },
      id: 42,
    });
  });

  it.each([
    ['{"status": "green", "expiresAt": 1', 'BAD_JSON', 'not JSON'],
    ['[1, 2]', 'BAD_RECORD', 'not a JSON object'],
    ['"green"', 'BAD_RECORD', 'not a JSON object'],
    ['{"status": "green", "expiresAt": "+1h", "nmae": "张*"}', 'BAD_RECORD', 'unknown member "nmae"'],
    ['{"expiresAt": "+1h"}', 'BAD_RECORD', '"status" is missing'],
    ['{"status": "blue", "expiresAt": "+1h"}', 'BAD_RECORD', '"status" "blue" is not'],
    ['{"status": "green"}', 'BAD_RECORD', '"expiresAt" is missing'],
    ['{"status": "green", "expiresAt": "tomorrow"}', 'BAD_RECORD', '"expiresAt" "tomorrow" is not a time'],
    ['{"status": "green", "expiresAt": 1.5}', 'BAD_RECORD', '"expiresAt" 1.5 is not a time'],
    ['{"status": "green", "expiresAt": "+1h", "issuedAt": -5}', 'BAD_RECORD', '"issuedAt" -5 is not a time'],
    ['{"status": "green", "expiresAt": "+1h", "subjectRef": "not base64!"}', 'BAD_RECORD', '"subjectRef" must be base64url'],
    ['{"status": "green", "expiresAt": "+1h", "id": {"a": 1}}', 'BAD_RECORD', '"id" must be a string'],
    [`{"status": "green", "expiresAt": "+1h", "id": "${'x'.repeat(257)}"}`, 'BAD_RECORD', 'at most 256 characters'],
  ])('refuses %s (%s)', (line, code, message) => {
    const error = refusal(line);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('keeps the id of a refused record, to echo it', () => {
    expect(refusal('{"id": "p-9", "expiresAt": "+1h"}').id).toBe('p-9');
  });
});
