/**
 * The service's secrets on disk: the issuer's and the root's private keys and the id-hash
 * secret, each in its own file of mode 0600 in a data directory of mode 0700. A file is
 * written whole under a temporary name, flushed, then linked into place, so a crash never
 * leaves half a key, and two services starting at once end up with the same key.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Permission bits a secret file may have: owner read/write only. */
const SECRET_MODE = 0o600;
/** Bytes of the id-hash secret (HMAC-SHA-256 key; RFC 2104 §3 recommends at least the hash length). */
export const ID_SECRET_BYTES = 32;

/** The data directory is created 0700 (and its parents as needed). */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Refuses a secret file others can read, as ssh does: the operator must fix it. */
function checkPrivate(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}): run "chmod 600 ${path}" and start again`);
  }
}

/** Writes `content` to `path` only if it does not exist yet; true when this call created it. */
function createExclusive(path: string, content: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', SECRET_MODE);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Reads a secret file, creating it with `make()` on first start. The file must be 0600.
 *
 * @returns the content and whether this call created the file.
 */
export async function readOrCreateSecret(path: string, make: () => Promise<string> | string): Promise<{ content: string; created: boolean }> {
  let created = false;
  try {
    statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    created = createExclusive(path, await make());
  }
  checkPrivate(path);
  return { content: readFileSync(path, 'utf8'), created };
}

/** The id-hash secret of this deployment (created on first start). */
export async function loadIdSecret(dir: string): Promise<Uint8Array> {
  const { content } = await readOrCreateSecret(join(dir, 'id-secret'), () => `${randomBytes(ID_SECRET_BYTES).toString('base64url')}\n`);
  const secret = Buffer.from(content.trim(), 'base64url');
  if (secret.length < ID_SECRET_BYTES) throw new Error(`${join(dir, 'id-secret')} holds ${secret.length} bytes, expected ${ID_SECRET_BYTES}`);
  return new Uint8Array(secret);
}
