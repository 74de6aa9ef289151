/** Fixed keys and helpers for tests: deterministic seeds, forged codes with arbitrary content. */
import { encodeBase45 } from '../../src/codec/base45.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import { fromHex, toBase64Url } from '../../src/codec/bytes.js';
import { encodeSign1, sigStructure } from '../../src/cose/sign1.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { kidOf, type IssuerPrivateJwk, type IssuerPublicJwk } from '../../src/keys.js';

/** A fixed issuer seed: the RFC 8032 §7.1 TEST 1 secret key (public; never use outside tests). */
export const TEST_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

/** A deterministic issuer key from a 32-byte seed given in hex. */
export async function fixedIssuerKey(
  issuer = 'CN-330100',
  seedHex = TEST_SEED_HEX,
  extra: Partial<Pick<IssuerPublicJwk, 'nbf' | 'exp' | 'revoked'>> = {},
): Promise<{ privateJwk: IssuerPrivateJwk; publicJwk: IssuerPublicJwk; kid: string; seed: Uint8Array }> {
  const backend = await getDefaultBackend();
  const seed = fromHex(seedHex);
  const x = toBase64Url(await backend.publicKeyFromSeed(seed));
  const kid = await kidOf(x);
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', iss: issuer, ...extra } as const;
  return { privateJwk: { ...publicJwk, d: toBase64Url(seed) }, publicJwk, kid, seed };
}

/** Signs arbitrary protected-header and payload values (for codes a real issuer would never make). */
export async function forgeCode(
  seed: Uint8Array,
  protectedHeader: unknown,
  payload: unknown,
  options: { prefix?: string; mutateSignature?: (s: Uint8Array) => Uint8Array; rawProtected?: Uint8Array; rawPayload?: Uint8Array } = {},
): Promise<string> {
  const backend = await getDefaultBackend();
  const protectedBytes = options.rawProtected ?? encodeCbor(protectedHeader);
  const payloadBytes = options.rawPayload ?? encodeCbor(payload);
  const handle = await backend.importPrivateKey(seed);
  let signature = await backend.sign(handle, sigStructure(protectedBytes, payloadBytes));
  if (options.mutateSignature) signature = options.mutateSignature(signature);
  return (options.prefix ?? 'HQ1:') + encodeBase45(encodeSign1(protectedBytes, payloadBytes, signature));
}
