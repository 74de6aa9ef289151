/**
 * Helpers for the targets with a "signed by a trusted key" mode: a structure whose signature
 * rejects nearly every mutant hides the parsing behind it, so these targets also sign the
 * mutated content with the real key. That is the threat of a buggy or compromised signer
 * (a status list or trust list whose signed content is hostile: a zip bomb, wrong types).
 */
import { toHex } from '../../src/codec/bytes.js';
import { parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { encodeSign1 } from '../../src/cose/sign1.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { FuzzFinding } from './target.js';

const signers = new Map<string, Promise<(message: Uint8Array) => Promise<Uint8Array>>>();

/** A signing function for a seed, its key imported once (imports cost more than signatures). */
function signerFor(seed: Uint8Array): Promise<(message: Uint8Array) => Promise<Uint8Array>> {
  const id = toHex(seed);
  let signer = signers.get(id);
  if (!signer) {
    signer = (async () => {
      const backend = await getDefaultBackend();
      const handle = await backend.importPrivateKey(seed);
      return (message: Uint8Array) => backend.sign(handle, message);
    })();
    signers.set(id, signer);
  }
  return signer;
}

/** Signs `payloadBytes` under `protectedBytes` with an Ed25519 seed into a COSE_Sign1. */
export async function resignCose(seed: Uint8Array, protectedBytes: Uint8Array, payloadBytes: Uint8Array): Promise<Uint8Array> {
  const signature = await (await signerFor(seed))(sigStructure(protectedBytes, payloadBytes));
  return encodeSign1(protectedBytes, payloadBytes, signature);
}

/** Signs a compact JWS signing input (`header.payload`) with an Ed25519 seed. */
export async function signJwsInput(seed: Uint8Array, signingInput: string): Promise<Uint8Array> {
  return (await signerFor(seed))(new TextEncoder().encode(signingInput));
}

/** The no-forgery oracle for COSE tokens an attacker mutated without the key. */
export function assertSignedBefore(token: Uint8Array, signed: ReadonlySet<string>, what: string): void {
  const sign1 = parseSign1(token);
  const input = toHex(sigStructure(sign1.protectedBytes, sign1.payloadBytes));
  if (!signed.has(input)) throw new FuzzFinding('false-accept', `${what} loaded with a signature input nobody signed: ${input}`);
}
