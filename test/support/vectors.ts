/**
 * One loader for the shared test vectors. They come from other public projects and are not
 * committed here: tests find them at $HEALTHCODE_VECTORS or ../shared/vectors. In a user's
 * own clone, where neither exists, the suites skip with a notice naming the source; under
 * CI (CI=true) a missing set is a failure, never a skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Where each set comes from, for the skip notice. */
export const VECTOR_SOURCES = {
  cbor: 'RFC 8949 Appendix A via cbor/test-vectors',
  'cose-wg': 'cose-wg/Examples',
  dcc: 'eu-digital-green-certificates/dgc-testdata',
  rfc8032: 'RFC 8032 §7.1',
  rfc8392: 'RFC 8392 Appendix A',
  rfc9285: 'RFC 9285 §4',
  'wycheproof-ecdsa-p256': 'C2SP/wycheproof (ecdsa_secp256r1_sha256_p1363)',
  'wycheproof-ed25519': 'C2SP/wycheproof (ed25519_test)',
  'wycheproof-rsa-pss': 'C2SP/wycheproof (rsa_pss)',
} as const;

export type VectorSet = keyof typeof VECTOR_SOURCES;

function vectorsRoot(): string | undefined {
  const candidates = [process.env.HEALTHCODE_VECTORS, resolve(here, '../../../shared/vectors')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return undefined;
}

/** Absolute folder of a set, or undefined when it is not on this machine. */
export function vectorDir(set: VectorSet): string | undefined {
  const root = vectorsRoot();
  if (!root) return undefined;
  const dir = join(root, set);
  return existsSync(dir) ? dir : undefined;
}

/** Reads and parses a JSON file of a set (call only inside describeVectors). */
export function readVectorJson<T = unknown>(set: VectorSet, file: string): T {
  const dir = vectorDir(set);
  if (!dir) throw new Error(`vector set ${set} is missing`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

/**
 * Declares a suite over a vector set: runs `body(dir)` when the set exists; otherwise skips
 * with a notice, or fails under CI.
 */
export function describeVectors(set: VectorSet, title: string, body: (dir: string) => void): void {
  const dir = vectorDir(set);
  if (dir) {
    describe(`${title} [${set}]`, () => body(dir));
    return;
  }
  const notice = `vector set "${set}" (${VECTOR_SOURCES[set]}) not found at $HEALTHCODE_VECTORS or ../shared/vectors`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('has its vectors', () => {
        throw new Error(`${notice}: under CI a missing set is a failure`);
      });
    });
  } else {
    console.warn(`skipping: ${notice}`);
    describe.skip(`${title} (skipped: ${notice})`, () => {
      it('needs vectors', () => undefined);
    });
  }
}
