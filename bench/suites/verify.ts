/**
 * `verify()` of an HQ1 text against the bare Ed25519 verify of the same signature on the same
 * backend, one at a time: node:crypto with a cached KeyObject, WebCrypto with a cached
 * CryptoKey, noble. The headline row holds the default `verify()` against the faster of the two
 * native bare verifies (target ≥ 0.90); libsodium is printed as this machine's limit.
 */
import { createPublicKey, verify as nodeVerify, webcrypto } from 'node:crypto';
import { verifyAsync } from '@noble/ed25519';
import { createRequire } from 'node:module';
import { createNobleBackend } from '../../src/crypto/noble.js';
import { createWebCryptoBackend } from '../../src/crypto/webcrypto.js';
import { verify, type VerifyOptions } from '../../src/index.js';
import { NOW, type Fixtures } from '../fixtures.js';
import { compare, inFlightBatch, rate, syncBatch, type CompareOptions, type Side } from '../harness.js';
import { comparisonRow, perSecond, type Section } from '../report.js';

/** The slice of sodium-native (libsodium) used here: a dev-only reference, never a dependency of the library. */
interface Sodium {
  crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
}
const sodium = createRequire(import.meta.url)('sodium-native') as Sodium;

/** The bare verifies the runtime offers, over the fixtures' exact signed bytes. */
export async function bareVerifies(f: Fixtures): Promise<{ node: (i: number) => boolean; web: (i: number) => Promise<boolean>; noble: (i: number) => Promise<boolean>; sodium: (i: number) => boolean }> {
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: f.publicJwk.x }, format: 'jwk' });
  const cryptoKey = await webcrypto.subtle.importKey('raw', f.publicKey, 'Ed25519', false, ['verify']);
  const sodiumKey = Buffer.from(f.publicKey);
  const sodiumMessages = f.toBeSigned.map((m) => Buffer.from(m));
  const sodiumSignatures = f.signatures.map((s) => Buffer.from(s));
  const check = (ok: boolean): boolean => {
    if (!ok) throw new Error('a fixture signature did not verify');
    return ok;
  };
  return {
    node: (i) => check(nodeVerify(null, f.toBeSigned[i]!, keyObject, f.signatures[i]!)),
    web: async (i) => check(await webcrypto.subtle.verify('Ed25519', cryptoKey, f.signatures[i]!, f.toBeSigned[i]!)),
    noble: async (i) => check(await verifyAsync(f.signatures[i]!, f.toBeSigned[i]!, f.publicKey)),
    sodium: (i) => check(sodium.crypto_sign_verify_detached(sodiumSignatures[i]!, sodiumMessages[i]!, sodiumKey)),
  };
}

/** One `verify()` of code `i`; throws when it does not verify (a benchmark of failures measures nothing). */
export function verifyOne(f: Fixtures, options: VerifyOptions): (i: number) => Promise<void> {
  return async (i) => {
    const result = await verify(f.texts[i]!, f.trust, options);
    if (!result.valid) throw new Error(`fixture ${i} did not verify: ${result.code} ${result.message}`);
  };
}

export async function verifySuite(f: Fixtures, quick: boolean): Promise<Section> {
  const opts: CompareOptions = quick ? { rounds: 9, batchMs: 10, warmupMs: 100, clock: 'cpu' } : { clock: 'cpu' };
  const n = f.texts.length;
  const bare = await bareVerifies(f);
  const web = createWebCryptoBackend()!;
  const noble = createNobleBackend();
  const nodeSide: Side = { label: 'node:crypto verify, cached KeyObject', run: syncBatch(bare.node, n) };
  const webSide: Side = { label: 'crypto.subtle.verify, cached CryptoKey', run: inFlightBatch(bare.web, n) };
  const rows = [];
  const notes: string[] = [];

  const ours = (options: VerifyOptions, label: string): Side => ({ label, run: inFlightBatch(verifyOne(f, { now: NOW, ...options }), n) });
  const byNode = await compare(ours({}, 'verify(), default backend (node)'), nodeSide, opts);
  const byWeb = await compare(ours({ backend: web }, 'verify(), webcrypto backend'), webSide, opts);
  // The target row: the bare verify that was faster in this run, beside verify() on that backend.
  const nodeFaster = byNode.referenceRate >= byWeb.referenceRate;
  rows.push(comparisonRow('verify() vs bare node:crypto', byNode, nodeFaster ? 0.9 : undefined));
  rows.push(comparisonRow('verify() vs bare WebCrypto', byWeb, nodeFaster ? undefined : 0.9));
  const byNoble = await compare(
    ours({ backend: noble }, 'verify(), noble backend'),
    { label: '@noble/ed25519 verifyAsync', run: inFlightBatch(bare.noble, n) },
    { ...opts, rounds: quick ? 3 : 7 },
  );
  rows.push(comparisonRow('verify() vs bare noble', byNoble));
  notes.push(`the target (≥ 0.90) applies to the faster bare verify of the run: ${nodeFaster ? 'node:crypto' : 'WebCrypto'}.`);

  const limit = await rate({ label: 'libsodium', run: syncBatch(bare.sodium, n) }, opts);
  rows.push({ name: 'limit on this machine', ours: '', reference: `${perSecond(limit)}  libsodium crypto_sign_verify_detached (sodium-native)` });
  notes.push(`sequential: one verify at a time; ${n} distinct codes of ${f.texts[0]!.length} characters, each checked in full (rules 0–14).`);
  return { title: 'verify(): one code at a time', rows, notes };
}
