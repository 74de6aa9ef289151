/**
 * The data every suite measures: one fixed issuer key, a set of distinct HQ1 codes signed by
 * it (masked name, id hint, status-list index: a realistic version-8 code), the trust list,
 * and for each code the exact bytes the signature covers, so the bare references verify the
 * same signatures the library does.
 */
import { decodeBase45 } from '../src/codec/base45.js';
import { parseSign1, sigStructure } from '../src/cose/sign1.js';
import { issue, TrustList, type IssueInput } from '../src/index.js';
import { fixedIssuerKey } from '../test/support/keys.js';

/** The verifier's fixed clock: 2026-01-01T00:00:00Z. */
export const NOW = 1_767_225_600;
/** How many distinct codes the verify rows cycle through. */
export const CODE_COUNT = 512;

export interface Fixtures {
  readonly privateJwk: Awaited<ReturnType<typeof fixedIssuerKey>>['privateJwk'];
  readonly publicJwk: Awaited<ReturnType<typeof fixedIssuerKey>>['publicJwk'];
  /** The 32-byte seed of the issuer key. */
  readonly seed: Uint8Array;
  /** The raw 32-byte public key. */
  readonly publicKey: Uint8Array;
  readonly trust: TrustList;
  /** Issue inputs, one per code. */
  readonly records: readonly IssueInput[];
  /** `HQ1:` texts. */
  readonly texts: readonly string[];
  /** Sig_structure bytes of each code (what the signature covers). */
  readonly toBeSigned: readonly Uint8Array[];
  /** The 64-byte signature of each code. */
  readonly signatures: readonly Uint8Array[];
}

/** The issue input of record `i`: colours in turn, a masked name, an id hint and an index. */
export function record(i: number): IssueInput {
  return {
    status: (['green', 'yellow', 'red'] as const)[i % 3]!,
    issuedAt: NOW - 3600,
    expiresAt: NOW + 7 * 86_400,
    name: '张*',
    idHint: String(1000 + (i % 9000)),
    statusIndex: i,
  };
}

export async function loadFixtures(): Promise<Fixtures> {
  const { privateJwk, publicJwk, seed } = await fixedIssuerKey('CN-330100');
  const trust = await TrustList.fromJWKS({ keys: [publicJwk] });
  const records = Array.from({ length: CODE_COUNT }, (_, i) => record(i));
  const texts: string[] = [];
  const toBeSigned: Uint8Array[] = [];
  const signatures: Uint8Array[] = [];
  for (const input of records) {
    const text = await issue(input, privateJwk);
    const sign1 = parseSign1(decodeBase45(text.slice(4)));
    texts.push(text);
    toBeSigned.push(sigStructure(sign1.protectedBytes, sign1.payloadBytes));
    signatures.push(sign1.signature);
  }
  const x = publicJwk.x;
  const publicKey = Uint8Array.from(Buffer.from(x, 'base64url'));
  return { privateJwk, publicJwk, seed, publicKey, trust, records, texts, toBeSigned, signatures };
}
