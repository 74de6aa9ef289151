/** A batch chunk signed in slices (the main thread's share) gives the same output as in one go. */
import { describe, expect, it } from 'vitest';
import { issueChunk, RECORDS_PER_SLICE } from '../../../src/cli/batch/chunk.js';
import { messagesFor } from '../../../src/cli/i18n.js';
import { signingKeyFor } from '../../../src/keys.js';
import { fixedIssuerKey } from '../../support/keys.js';

describe('issueChunk', () => {
  it('pauses after every slice of records and writes the same lines as without pauses', async () => {
    const key = await signingKeyFor((await fixedIssuerKey()).privateJwk);
    const t = messagesFor('en').batch;
    const lines = Array.from({ length: 100 }, (_, i) => (i === 40 ? '{"status":"blue"}' : i % 10 === 5 ? '' : JSON.stringify({ id: i, status: 'green', expiresAt: '+24h' })));
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const defaults = { issuedAt: 1_767_225_600 };
    const whole = await issueChunk(bytes, 7, key, defaults, t);
    let pauses = 0;
    const sliced = await issueChunk(bytes, 7, key, defaults, t, async () => {
      pauses++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    expect(sliced).toEqual(whole);
    expect(whole.issued).toBe(89);
    expect(whole.failed).toBe(1);
    expect(whole.errors[0]!.line).toBe(47);
    // Blank lines do not count: 90 records, a pause after each full slice.
    expect(pauses).toBe(Math.floor(90 / RECORDS_PER_SLICE));
  });
});
