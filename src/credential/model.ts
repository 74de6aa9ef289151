/** The health-code model: statuses and their wire values (DESIGN.md, claim -65537/0). */

/** A code's colour. */
export type Status = 'green' | 'yellow' | 'red';

/** Statuses in wire order: index = the value on the wire. */
export const STATUSES: readonly Status[] = Object.freeze(['green', 'yellow', 'red'] as const);

/** Wire value of a status (0 green, 1 yellow, 2 red). */
export function statusToWire(status: Status): number {
  const i = STATUSES.indexOf(status);
  if (i < 0) throw new TypeError(`"status" expected 'green' | 'yellow' | 'red', got ${JSON.stringify(status)}`);
  return i;
}

/** Status of a wire value, or undefined when the value is not 0, 1 or 2. */
export function statusFromWire(value: unknown): Status | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? STATUSES[value] : undefined;
}

/** The claims of a verified (or inspected) HQ1 code, as plain data. */
export interface HealthClaims {
  /** Issuer id (`iss`), e.g. `"CN-330100"`. */
  readonly issuer: string;
  /** Issued at (`iat`), epoch seconds. */
  readonly issuedAt: number;
  /** Expires at (`exp`), epoch seconds. */
  readonly expiresAt: number;
  /** Not before (`nbf`), epoch seconds, when present. */
  readonly notBefore?: number;
  /** The colour the issuer wrote. */
  readonly status: Status;
  /** Display name, already masked by the issuer (e.g. `"张*"`). */
  readonly name?: string;
  /** Id hint, e.g. the last 4 characters of an id number. */
  readonly idHint?: string;
  /** Pseudonymous subject reference (≤ 32 bytes). */
  readonly subjectRef?: Uint8Array;
  /** Index into the issuer's status list. */
  readonly statusIndex?: number;
  /** Holder public key (raw Ed25519, 32 bytes) when the code is holder-bound (`cnf`). */
  readonly holderKey?: Uint8Array;
}
