/**
 * What a fuzz target is: a function of bytes with its oracle, its seeds and its dictionary.
 * `run` returns (or resolves) when the input was handled as the contract says; anything it
 * throws is a finding. Targets check their own oracle and throw a {@link FuzzFinding} when it
 * fails (a false accept, a wrong error code), so the engine needs no knowledge of the library.
 */

/** A fuzz target (one file in fuzz/targets/ default-exports one). */
export interface FuzzTarget {
  /** Name on the command line: `npm run fuzz -- NAME`. */
  readonly name: string;
  /** One line: what is fuzzed and what the oracle checks. */
  readonly description: string;
  /** Longest input the mutator makes. */
  readonly maxLength: number;
  /**
   * An input slower than this (fastest of three runs) is a finding; default 50 ms (the issue's
   * bound). Every target, the image scanner included, uses the default.
   */
  readonly hangMs?: number;
  /** Tokens the mutator inserts or overwrites (CBOR heads, alphabet runs, keywords). */
  readonly dictionary?: readonly (string | Uint8Array)[];
  /** The starting corpus: golden and shared vectors, issued codes, crafted edge cases. */
  seeds(): Promise<Uint8Array[]>;
  /** Runs one input through the code under test and checks the oracle. */
  run(data: Uint8Array): void | Promise<void>;
  /** Removes what the target left behind (temporary files); called once at the end. */
  teardown?(): void;
}

/** An oracle failure: not a crash of the code under test, a wrong answer from it. */
export class FuzzFinding extends Error {
  override readonly name = 'FuzzFinding';
  constructor(
    readonly kind: 'false-accept' | 'wrong-error' | 'differential' | 'round-trip' | 'slow',
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

/** The error's `code` when it is a HealthCodeError-like error (checked by brand, as `isHealthCodeError`). */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs `f`; returns its value, or undefined when it threw an error with one of `allowed`
 * codes; anything else thrown is a {@link FuzzFinding} `wrong-error` (a TypeError from deep
 * inside, a RangeError, an error with another code).
 */
export function expectCodes<T>(f: () => T, allowed: readonly string[], isExpected: (error: unknown) => boolean): T | undefined {
  try {
    return f();
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && allowed.includes(code) && isExpected(error)) return undefined;
    throw new FuzzFinding('wrong-error', `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

/** Same as {@link expectCodes} for async code. */
export async function expectCodesAsync<T>(f: () => Promise<T>, allowed: readonly string[], isExpected: (error: unknown) => boolean): Promise<T | undefined> {
  try {
    return await f();
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && allowed.includes(code) && isExpected(error)) return undefined;
    throw new FuzzFinding('wrong-error', `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

/** Latin-1 view of bytes as text (one character per byte), so every byte value reaches a text parser. */
export function latin1(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 8192) out += String.fromCharCode(...data.subarray(i, i + 8192));
  return out;
}

/** The bytes of a Latin-1 or ASCII string (inverse of {@link latin1} for such strings). */
export function bytesOfLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
