/**
 * Verifying many codes at once (a gate's queue, an uploaded list, a server's batch): every
 * code goes through `verify` with the same rules and results, with several signature checks in
 * flight so that the runtime's thread pool works on other cores meanwhile.
 */
import { TrustList } from './trust/trust-list.js';
import { assertItems, backendInFlight, concurrencyOf, ordered } from './many.js';
import { verify, type VerifyOptions } from './verify.js';
import type { AnyVerifyResult, VerifyResult } from './verify-result.js';

/** Options of {@link verifyMany}: those of `verify`, and how many run at once. */
export interface VerifyManyOptions extends VerifyOptions {
  /**
   * Verifications in flight at once (1–1024, default 32). With more than one, and no
   * `backend` given, signatures go to the thread pool where the runtime has a second core
   * (node:crypto's callback form in Node, WebCrypto elsewhere; measured faster there); 1
   * verifies one after the other on the default backend.
   */
  readonly concurrency?: number;
}

/**
 * Verifies many scanned codes against one trust list, yielding one result per text in input
 * order (exactly what `verify` gives for each). Texts are read as they are needed, so a stream
 * of any length runs in bounded memory.
 *
 * @throws TypeError / RangeError (from the iteration) on misuse: `texts` not iterable, an item
 *   not a string, no TrustList, bad options (`concurrency` not an integer from 1 to 1024).
 * @example
 * ```ts
 * for await (const result of verifyMany(scannedTexts, trust, { now: new Date() })) {
 *   if (!result.valid) console.log(result.code, result.message);
 * }
 * ```
 */
export function verifyMany(
  texts: Iterable<string> | AsyncIterable<string>,
  trust: TrustList,
  options: VerifyManyOptions & { readonly dcc: true },
): AsyncGenerator<AnyVerifyResult, void, undefined>;
export function verifyMany(
  texts: Iterable<string> | AsyncIterable<string>,
  trust: TrustList,
  options?: VerifyManyOptions & { readonly dcc?: false },
): AsyncGenerator<VerifyResult, void, undefined>;
export function verifyMany(
  texts: Iterable<string> | AsyncIterable<string>,
  trust: TrustList,
  options?: VerifyManyOptions,
): AsyncGenerator<AnyVerifyResult, void, undefined>;
export function verifyMany(
  texts: Iterable<string> | AsyncIterable<string>,
  trust: TrustList,
  options: VerifyManyOptions = {},
): AsyncGenerator<AnyVerifyResult, void, undefined> {
  return ordered(texts, async () => {
    assertItems<string>(texts, 'texts');
    if (!(trust instanceof TrustList)) throw new TypeError('"trust" expected a TrustList (TrustList.fromJWKS or TrustList.fromSigned)');
    const concurrency = concurrencyOf(options.concurrency);
    const backend = options.backend ?? (concurrency > 1 ? await backendInFlight() : undefined);
    const perCode: VerifyOptions = backend ? { ...options, backend } : options;
    return { concurrency, run: (text: string) => verify(text, trust, perCode) };
  });
}
