/**
 * Offline verification (DESIGN.md "Verification rules"): every rule in its order, each with
 * its stable code; the first failure is reported. `verify` never throws for untrusted input.
 */
import { decodeBase45From } from './codec/base45.js';
import { HC1_PREFIX } from './credential/dcc-constants.js';
import { HQ1_PREFIX } from './credential/hq1.js';
import { HQ1P_PREFIX } from './credential/presentation.js';
import { getDefaultBackend, type Ed25519Backend } from './crypto/backend.js';
import { isHealthCodeError } from './errors.js';
import { MAX_TEXT_LENGTH } from './limits.js';
import type { ReplayCache } from './replay.js';
import { nowSeconds, toSeconds, type TimeInput } from './time.js';
import type { StatusList } from './status/status-list.js';
import type { StatusRule } from './verify-status.js';
import { TrustList } from './trust/trust-list.js';
import { checkCredential, fail, iso, type VerifyContext } from './verify-credential.js';
import { DEFAULT_PRESENTATION_WINDOW, verifyPresentation } from './verify-presentation.js';
import { validResult, type AnyVerifyResult, type VerifyResult } from './verify-result.js';

export type { ValidResult, InvalidResult, VerifyResult, DccValidResult, AnyVerifyResult } from './verify-result.js';

/** Options of {@link verify}. All optional. */
export interface VerifyOptions {
  /** The verifier's clock (default: now). */
  readonly now?: TimeInput;
  /** Seconds of clock skew tolerated for iat/nbf/exp (default 300). */
  readonly clockTolerance?: number;
  /** Go on with a signed trust list past its `exp`; the result then says `trustListStale: true`. */
  readonly allowStaleTrustList?: boolean;
  /**
   * Epoch seconds this device has already seen (persisted by the caller, raised with
   * {@link nextTimeFloor}): a clock more than the tolerance below it is set back.
   */
  readonly timeFloor?: number;
  /** Signature backend; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
  /** Seconds a dynamic-code presentation's time may differ from `now` (default 60). */
  readonly presentationWindow?: number;
  /** Remembers presentations seen, so the same one shown twice is `REPLAYED`. */
  readonly replayCache?: ReplayCache;
  /**
   * Also read EU DCCs (`HC1:`), against the DCC signer keys in the trust list; the result is
   * then an {@link AnyVerifyResult}, whose `profile` tells a DCC from a health code. Default
   * false: an `HC1:` text is `BAD_PREFIX`, so code written for HQ1 results never meets a
   * result without a colour.
   */
  readonly dcc?: boolean;
  /**
   * Signed status lists (`StatusList.fromSigned`), one list (one `sub`) per issuer, any number
   * of its versions: rule 15 takes the colour from the newest current one if it is newer than
   * the code, and refuses a revoked code (`REVOKED`). See docs/status.md.
   */
  readonly statusLists?: readonly StatusList[];
  /**
   * Refuse a code when no current status list of its issuer is held, or it has no status-list
   * index, or its index is past the list's end (`STATUS_UNKNOWN`). Default false.
   */
  readonly requireStatus?: boolean;
}

/** Defaults of {@link VerifyOptions}. */
export const DEFAULT_VERIFY_OPTIONS = Object.freeze({
  clockTolerance: 300,
  allowStaleTrustList: false,
  presentationWindow: DEFAULT_PRESENTATION_WINDOW,
  requireStatus: false,
});

/**
 * The default backend once `getDefaultBackend()` has resolved, so that every later verify
 * builds its context without an await (a microtask hop on a path that is otherwise the
 * signature check). It only memoizes backend.ts's process-wide pick.
 */
let resolvedDefaultBackend: Ed25519Backend | undefined;

/**
 * The DCC profile's module, imported once: an `import()` of a module already loaded still
 * resolves its specifier on every call (15 µs a verify in Node, 230 µs under tsx's loader).
 */
let dccProfile: Promise<typeof import('./verify-dcc.js')> | undefined;
/** The DCC profile's module once loaded: later verifies use it without awaiting the import again. */
let dccModule: typeof import('./verify-dcc.js') | undefined;

/**
 * Rule 15's module, imported on the first verification that gives status lists or
 * `requireStatus`: a checkpoint that uses neither never loads it (a code-split browser build).
 */
let statusModule: Promise<typeof import('./verify-status.js')> | undefined;

/** Turns options into a context, synchronously once the default backend is known; misuse throws. */
function contextOf(options: VerifyOptions): VerifyContext | Promise<VerifyContext> {
  if (options.statusLists !== undefined || options.requireStatus !== undefined) return contextWithStatus(options);
  return baseContext(options, undefined);
}

/** {@link contextOf} once rule 15's module is loaded. */
async function contextWithStatus(options: VerifyOptions): Promise<VerifyContext> {
  const { statusRuleOf } = await (statusModule ??= import('./verify-status.js'));
  return baseContext(options, statusRuleOf(options.statusLists, options.requireStatus));
}

function baseContext(options: VerifyOptions, status: StatusRule | undefined): VerifyContext | Promise<VerifyContext> {
  const now = options.now === undefined ? nowSeconds() : toSeconds(options.now, 'now');
  const tolerance = options.clockTolerance ?? DEFAULT_VERIFY_OPTIONS.clockTolerance;
  const window = options.presentationWindow ?? DEFAULT_VERIFY_OPTIONS.presentationWindow;
  if (!Number.isSafeInteger(window) || window < 0) throw new RangeError(`"presentationWindow" expected a non-negative integer of seconds, got ${String(window)}`);
  if (!Number.isSafeInteger(tolerance) || tolerance < 0) throw new RangeError(`"clockTolerance" expected a non-negative integer of seconds, got ${String(tolerance)}`);
  if (options.timeFloor !== undefined && !Number.isSafeInteger(options.timeFloor)) throw new TypeError('"timeFloor" expected integer epoch seconds');
  const backend = options.backend ?? resolvedDefaultBackend;
  if (backend) return context(now, tolerance, options.timeFloor, backend, status);
  return getDefaultBackend().then((picked) => context(now, tolerance, options.timeFloor, (resolvedDefaultBackend = picked), status));
}

/** A context of resolved options; no closure or spread on the common path, which every verify takes. */
function context(now: number, tolerance: number, timeFloor: number | undefined, backend: Ed25519Backend, status: StatusRule | undefined): VerifyContext {
  if (timeFloor === undefined && status === undefined) return { now, tolerance, backend };
  return { now, tolerance, ...(timeFloor !== undefined && { timeFloor }), backend, ...(status && { status }) };
}

/**
 * Verifies a scanned code offline against a trust list, applying DESIGN.md's rules in order.
 * Resolves to `{ valid: true, status, issuer, … }` or `{ valid: false, code, message }`;
 * never rejects for bad input.
 *
 * @throws TypeError / RangeError (as a rejected promise) on misuse: `text` not a string, no
 *   TrustList, bad options.
 * @example
 * ```ts
 * const result = await verify(scannedText, trust, { now: new Date() });
 * if (result.valid) show(result.status); else show(result.code, result.message);
 * // A checkpoint that also reads EU DCCs:
 * const any = await verify(scannedText, trust, { dcc: true });
 * if (any.valid && any.profile === 'dcc') showDcc(any.hcert);
 * ```
 */
export async function verify(text: string, trust: TrustList, options: VerifyOptions & { readonly dcc: true }): Promise<AnyVerifyResult>;
export async function verify(text: string, trust: TrustList, options?: VerifyOptions & { readonly dcc?: false }): Promise<VerifyResult>;
export async function verify(text: string, trust: TrustList, options?: VerifyOptions): Promise<AnyVerifyResult>;
export async function verify(text: string, trust: TrustList, options: VerifyOptions = {}): Promise<AnyVerifyResult> {
  if (typeof text !== 'string') throw new TypeError(`"text" expected string, got ${text === null ? 'null' : typeof text}`);
  if (!(trust instanceof TrustList)) throw new TypeError('"trust" expected a TrustList (TrustList.fromJWKS or TrustList.fromSigned)');
  const pending = contextOf(options);
  const ctx = pending instanceof Promise ? await pending : pending;
  try {
    let trustListStale = false;
    const listExp = trust.meta.expiresAt;
    if (listExp !== undefined && ctx.now > listExp) {
      if (!options.allowStaleTrustList) fail('STALE_TRUST_LIST', `the trust list expired at ${iso(listExp)}: sync it while online`);
      trustListStale = true;
    }
    if (text.length > MAX_TEXT_LENGTH) fail('TOO_LARGE', `the text is ${text.length} characters, over the limit of ${MAX_TEXT_LENGTH}`);
    if (text.startsWith(HQ1P_PREFIX)) return await verifyPresentation(text, trust, ctx, options, trustListStale);
    if (text.startsWith(HC1_PREFIX)) {
      if (!options.dcc) fail('BAD_PREFIX', 'an EU Digital COVID Certificate (HC1:), which this checkpoint is not set up to read');
      // Loaded on first use: a checkpoint that reads only HQ1 never downloads the DCC profile
      // (inflate, ES256/PS256) in a code-split browser build.
      const { verifyDcc } = dccModule ?? (dccModule = await (dccProfile ??= import('./verify-dcc.js')));
      const result = verifyDcc(text, trust, ctx, trustListStale);
      return result instanceof Promise ? await result : result;
    }
    if (!text.startsWith(HQ1_PREFIX)) fail('BAD_PREFIX', 'not a health code: the text does not start with HQ1: or HQ1P:');
    const bytes = decodeBase45From(text, HQ1_PREFIX.length);
    const checked = await checkCredential(bytes, trust, ctx);
    if (checked.claims.holderBound) {
      fail('HOLDER_PROOF_REQUIRED', 'this code is bound to its holder\'s phone: ask for the live code (HQ1P:) instead of a copy');
    }
    return validResult(checked, { holderBound: false, trustListStale });
  } catch (error) {
    if (isHealthCodeError(error)) return Object.freeze({ valid: false, code: error.code, message: error.message });
    throw error;
  }
}

/**
 * The clock floor to persist after a verification: the latest of the current floor and the
 * times the verifier has seen (a code's `iat`, a signed list's `iat`). Feed it back as
 * `timeFloor` so a clock set back is noticed.
 *
 * @example
 * ```ts
 * floor = nextTimeFloor(floor, result.valid ? result.issuedAt : undefined, trust.meta.issuedAt);
 * ```
 */
export function nextTimeFloor(current: number | undefined, ...seen: (number | undefined)[]): number | undefined {
  let floor = current;
  for (const t of seen) if (t !== undefined && Number.isSafeInteger(t) && (floor === undefined || t > floor)) floor = t;
  return floor;
}

