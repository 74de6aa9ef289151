/**
 * Dynamic codes, holder side (DESIGN.md "Dynamic codes"): a holder key on the phone, and
 * `present()`, which wraps the credential in an `HQ1P:` presentation signed every few seconds.
 */
import { decodeBase45, encodeBase45 } from './codec/base45.js';
import { toBase64Url } from './codec/bytes.js';
import { encodeSign1, sigStructure } from './cose/sign1.js';
import { HQ1_PREFIX } from './credential/hq1.js';
import { HQ1P_PREFIX, PRESENTATION_PROTECTED } from './credential/presentation.js';
import { encodePresentationPayload } from './credential/presentation-encode.js';
import { getDefaultBackend, randomSeed, type Ed25519Backend } from './crypto/backend.js';
import { loadedSigningKey, signingKeyFor } from './trust/signing-key.js';
import { getSubtle } from './crypto/subtle.js';
import { nowSeconds, toSeconds, type TimeInput } from './time.js';

/** A holder's public key, as it goes into `issue({ holderKey })`. */
export interface HolderPublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
}

/** A holder's private key as a JWK (when the runtime cannot keep it non-extractable). */
export interface HolderPrivateJwk extends HolderPublicJwk {
  readonly d: string;
}

/** What {@link generateHolderKey} returns: a CryptoKey where it could keep one, else a JWK. */
export interface HolderKey {
  readonly publicJwk: HolderPublicJwk;
  /** A non-extractable WebCrypto key (when asked for and supported). */
  readonly privateKey?: CryptoKey;
  /** The private JWK (otherwise). Store it as a secret. */
  readonly privateJwk?: HolderPrivateJwk;
}

/** Options of {@link generateHolderKey}. */
export interface GenerateHolderKeyOptions {
  /**
   * Keep the private key inside WebCrypto, non-extractable (for IndexedDB in a browser). Where
   * the runtime has no WebCrypto Ed25519 the key falls back to a JWK: check `privateKey`.
   */
  readonly nonExtractable?: boolean;
  /** Signature backend for the JWK path; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}

/**
 * Generates a holder key for dynamic codes, from the platform CSPRNG.
 *
 * @example
 * ```ts
 * const holder = await generateHolderKey({ nonExtractable: true });
 * const credential = await issue({ status: 'green', expiresAt, holderKey: holder.publicJwk }, issuerJwk);
 * ```
 */
export async function generateHolderKey(options: GenerateHolderKeyOptions = {}): Promise<HolderKey> {
  const subtle = getSubtle();
  if (options.nonExtractable && subtle) {
    try {
      const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      const jwk = await subtle.exportKey('jwk', pair.publicKey);
      if (typeof jwk.x === 'string') {
        return Object.freeze({ publicJwk: Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }), privateKey: pair.privateKey });
      }
    } catch {
      // No WebCrypto Ed25519 here: fall through to the JWK path.
    }
  }
  const backend = options.backend ?? (await getDefaultBackend());
  const seed = randomSeed();
  const x = toBase64Url(await backend.publicKeyFromSeed(seed));
  const privateJwk: HolderPrivateJwk = Object.freeze({ kty: 'OKP', crv: 'Ed25519', x, d: toBase64Url(seed) });
  seed.fill(0);
  return Object.freeze({ publicJwk: Object.freeze({ kty: 'OKP', crv: 'Ed25519', x }), privateJwk });
}

/** Options of {@link present}. */
export interface PresentOptions {
  /** The holder's clock (default now). */
  readonly now?: TimeInput;
  /** Signature backend for a JWK key; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

async function holderSign(key: unknown, message: Uint8Array, backend: Ed25519Backend | undefined): Promise<Uint8Array> {
  if (isCryptoKey(key)) {
    const subtle = getSubtle();
    if (!subtle) throw new TypeError('"holderKey" is a CryptoKey but this runtime has no crypto.subtle');
    return new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key, message as Uint8Array<ArrayBuffer>));
  }
  const jwk = key as Partial<HolderPrivateJwk> | null;
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') {
    throw new TypeError('"holderKey" expected a private OKP Ed25519 JWK or an Ed25519 CryptoKey');
  }
  // Read once per JWK object and backend (checks and import), as issuer keys are: a phone
  // re-signs with the same key every few seconds.
  const signer = loadedSigningKey(jwk, backend) ?? (await signingKeyFor(jwk, backend));
  return signer.backend.sign(signer.handle as never, message);
}

/**
 * Wraps a holder-bound credential in an `HQ1P:` presentation signed by the holder key at time
 * `t`: deterministic for a given key, credential and `t`. Show it as the QR and re-sign every
 * few seconds; a verifier accepts it for ±60 s by default.
 *
 * @throws TypeError when `credentialText` is not an `HQ1:` text or the key is not an Ed25519
 *   private JWK / CryptoKey. The credential is not verified here.
 * @example
 * ```ts
 * const qrText = await present(credentialText, holder.privateKey ?? holder.privateJwk);
 * ```
 */
export async function present(credentialText: string, holderPrivateKey: unknown, options: PresentOptions = {}): Promise<string> {
  if (typeof credentialText !== 'string' || !credentialText.startsWith(HQ1_PREFIX)) {
    throw new TypeError('"credentialText" expected an HQ1: credential text');
  }
  const credential = decodeBase45(credentialText.slice(HQ1_PREFIX.length));
  const t = options.now === undefined ? nowSeconds() : toSeconds(options.now, 'now');
  const payload = encodePresentationPayload(credential, t);
  const signature = await holderSign(holderPrivateKey, sigStructure(PRESENTATION_PROTECTED, payload), options.backend);
  return HQ1P_PREFIX + encodeBase45(encodeSign1(PRESENTATION_PROTECTED, payload, signature));
}
