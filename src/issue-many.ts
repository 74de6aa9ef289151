/**
 * Bulk issuance (a province's nightly run, a worker thread's share of one): the key is read
 * once, each record becomes a code exactly as `issue` makes it, and several signatures are in
 * flight so that the runtime's thread pool signs on other cores while this thread encodes.
 */
import { claimsFromInput, signClaims, textOf, type IssueInput, type IssueOptions } from './issue.js';
import { signingKeyFor } from './keys.js';
import { assertItems, backendInFlight, concurrencyOf, ordered } from './many.js';

/** Options of {@link issueMany}. */
export interface IssueManyOptions extends IssueOptions {
  /**
   * Signatures in flight at once (1–1024, default 32). With more than one, and no `backend`
   * given, signing goes to the thread pool where the runtime has a second core (node:crypto's
   * callback form in Node, WebCrypto elsewhere); 1 signs
   * one after the other on the default backend (node:crypto in Node: the choice for a worker
   * thread that owns one core).
   */
  readonly concurrency?: number;
}

/** A record's misuse error, with its position in front (same class, the original as `cause`). */
function atRecord(error: unknown, index: number): unknown {
  if (error instanceof TypeError) return new TypeError(`record ${index}: ${error.message}`, { cause: error });
  if (error instanceof RangeError) return new RangeError(`record ${index}: ${error.message}`, { cause: error });
  return error;
}

/**
 * Issues one code per record, yielding the `HQ1:` texts in input order; the same key and
 * records always give the same texts as `issue` would, one by one. Records are read as they
 * are needed, so a stream of millions runs in bounded memory.
 *
 * @throws TypeError / RangeError (from the iteration) on misuse: `records` not iterable, a bad
 *   private JWK, `concurrency` not an integer from 1 to 1024; a bad record throws at its turn,
 *   its message starting with `record <index>:`.
 * @example
 * ```ts
 * for await (const text of issueMany(records, privateJwk)) output.write(text + '\n');
 * ```
 */
export function issueMany(
  records: Iterable<IssueInput> | AsyncIterable<IssueInput>,
  privateJwk: unknown,
  options: IssueManyOptions = {},
): AsyncGenerator<string, void, undefined> {
  return ordered(records, async () => {
    assertItems<IssueInput>(records, 'records');
    const concurrency = concurrencyOf(options.concurrency);
    const backend = options.backend ?? (concurrency > 1 ? await backendInFlight() : undefined);
    const key = await signingKeyFor(privateJwk, backend);
    const run = async (record: IssueInput, index: number): Promise<string> => {
      try {
        return textOf(await signClaims(claimsFromInput(record, key.issuer), key));
      } catch (error) {
        throw atRecord(error, index);
      }
    };
    return { concurrency, run };
  });
}
