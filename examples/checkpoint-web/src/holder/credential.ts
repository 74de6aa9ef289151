/**
 * The holder's credential: a holder-bound `HQ1:` code the issuer service signs for this
 * browser's key (`POST /codes` with `holderPublicKey`), stored in IndexedDB. The page never
 * shows it as it is (a checkpoint would refuse it, HOLDER_PROOF_REQUIRED): it shows live
 * presentations of it. The declaration is sent once and not stored.
 */
import type { HolderPublicJwk, Status } from 'healthcode';
import { load, remove, save } from '../storage.js';

/** What the holder declares (the issuer service's `POST /codes` body, README "POST /codes"). */
export interface Declaration {
  readonly idNumber: string;
  readonly name: string;
  readonly hasSymptoms: boolean;
  readonly visitedHighRiskArea: boolean;
  readonly contactWithConfirmed: boolean;
}

/** The stored credential and what the issuer said about it. */
export interface HolderCredential {
  /** Base URL of the issuer service. */
  readonly source: string;
  readonly code: string;
  readonly status: Status;
  readonly reason: string;
  readonly name: string;
  readonly idHint: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The key it is bound to, so a credential for another key is never used. */
  readonly holderX: string;
}

const KEY = 'holderCredential';
/** Longest the issuer service is waited for, in ms. */
const FETCH_TIMEOUT_MS = 15_000;

function isAnswer(value: unknown): value is Omit<HolderCredential, 'source' | 'holderX'> & { holderBound: boolean } {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.code === 'string' && v.code.startsWith('HQ1:') && v.holderBound === true &&
    (v.status === 'green' || v.status === 'yellow' || v.status === 'red') && typeof v.name === 'string' && typeof v.idHint === 'string' &&
    typeof v.reason === 'string' && Number.isSafeInteger(v.issuedAt) && Number.isSafeInteger(v.expiresAt)
  );
}

/**
 * Asks the issuer service at `source` for a credential bound to `publicJwk` and stores it.
 *
 * @throws Error with the service's reason (`400 BAD_DECLARATION: …`) or the network's.
 */
export async function requestCredential(source: URL, declaration: Declaration, publicJwk: HolderPublicJwk): Promise<HolderCredential> {
  const url = new URL('codes', source);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...declaration, holderPublicKey: publicJwk }),
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const { error, message } = (answer ?? {}) as { error?: unknown; message?: unknown };
    throw new Error(`${url.href} answered ${response.status}${typeof error === 'string' ? ` ${error}` : ''}${typeof message === 'string' ? `: ${message}` : ''}`);
  }
  if (!isAnswer(answer)) throw new Error(`${url.href} did not answer with a holder-bound code`);
  const credential: HolderCredential = {
    source: source.href,
    code: answer.code,
    status: answer.status,
    reason: answer.reason,
    name: answer.name,
    idHint: answer.idHint,
    issuedAt: answer.issuedAt,
    expiresAt: answer.expiresAt,
    holderX: publicJwk.x,
  };
  await save(KEY, credential);
  return credential;
}

/** The stored credential, if any. */
export function storedCredential(): Promise<HolderCredential | undefined> {
  return load<HolderCredential>(KEY);
}

/** Forgets the stored credential. */
export function forgetCredential(): Promise<void> {
  return remove(KEY);
}
