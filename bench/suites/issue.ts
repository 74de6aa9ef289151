/**
 * `issue()` against the bare Ed25519 sign of the same bytes, one at a time: node:crypto with a
 * cached private KeyObject, WebCrypto with a cached CryptoKey, noble. The headline row holds
 * `issue()` against the faster native bare sign (target ≥ 0.85).
 */
import { createPrivateKey, sign as nodeSign, webcrypto } from 'node:crypto';
import { signAsync } from '@noble/ed25519';
import { createNobleBackend } from '../../src/crypto/noble.js';
import { createWebCryptoBackend } from '../../src/crypto/webcrypto.js';
import { issue, type IssueOptions } from '../../src/index.js';
import type { Fixtures } from '../fixtures.js';
import { compare, inFlightBatch, syncBatch, type CompareOptions, type Side } from '../harness.js';
import { comparisonRow, type Row, type Section } from '../report.js';

export async function issueSuite(f: Fixtures, quick: boolean): Promise<Section> {
  const opts: CompareOptions = quick ? { rounds: 9, batchMs: 10, warmupMs: 100, clock: 'cpu' } : { clock: 'cpu' };
  const n = f.records.length;
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: f.privateJwk.x, d: f.privateJwk.d };
  const keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
  const cryptoKey = await webcrypto.subtle.importKey('jwk', jwk, 'Ed25519', false, ['sign']);
  const nodeSide: Side = { label: 'node:crypto sign, cached KeyObject', run: syncBatch((i) => nodeSign(null, f.toBeSigned[i]!, keyObject), n) };
  const webSide: Side = { label: 'crypto.subtle.sign, cached CryptoKey', run: inFlightBatch((i) => webcrypto.subtle.sign('Ed25519', cryptoKey, f.toBeSigned[i]!), n) };
  const ours = (options: IssueOptions, label: string): Side => ({ label, run: inFlightBatch((i) => issue(f.records[i]!, f.privateJwk, options), n) });
  const rows: Row[] = [];

  const byNode = await compare(ours({}, 'issue(), default backend (node)'), nodeSide, opts);
  const byWeb = await compare(ours({ backend: createWebCryptoBackend()! }, 'issue(), webcrypto backend'), webSide, opts);
  // The target row: the bare sign that was faster in this run, beside issue() on that backend.
  const nodeFaster = byNode.referenceRate >= byWeb.referenceRate;
  rows.push(comparisonRow('issue() vs bare node:crypto', byNode, nodeFaster ? 0.85 : undefined));
  rows.push(comparisonRow('issue() vs bare WebCrypto', byWeb, nodeFaster ? undefined : 0.85));
  const byNoble = await compare(
    ours({ backend: createNobleBackend() }, 'issue(), noble backend'),
    { label: '@noble/ed25519 signAsync', run: inFlightBatch((i) => signAsync(f.toBeSigned[i]!, f.seed), n) },
    { ...opts, rounds: quick ? 3 : 9 },
  );
  rows.push(comparisonRow('issue() vs bare noble', byNoble));
  return {
    title: 'issue(): one code at a time',
    rows,
    notes: [
      `sequential; each issue() checks the record, encodes the claims, signs, and writes the HQ1: text of ${f.texts[0]!.length} characters.`,
      `the target (≥ 0.85) applies to the faster bare sign of the run: ${nodeFaster ? 'node:crypto' : 'WebCrypto'}.`,
    ],
  };
}
