/**
 * File access for the commands, with Node's errors turned into one-line CLI errors, and
 * writes that never leave a half-written or briefly readable file behind.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Context } from './context.js';
import { CliError, errnoOf } from './errors.js';

function readError(path: string, error: unknown, ctx: Context): CliError {
  if (errnoOf(error) === 'ENOENT') return new CliError('FILE_NOT_FOUND', ctx.t.fileNotFound(path), { cause: error });
  return new CliError('UNREADABLE_FILE', ctx.t.cannotRead(path, reasonOf(error)), { cause: error });
}

function writeError(path: string, error: unknown, ctx: Context): CliError {
  if (errnoOf(error) === 'EEXIST') return new CliError('FILE_EXISTS', ctx.t.fileExists(path), { cause: error });
  return new CliError('UNWRITABLE_FILE', ctx.t.cannotWrite(path, reasonOf(error)), { cause: error });
}

/** A system error's short reason (`EACCES`, …) or its message. */
function reasonOf(error: unknown): string {
  return errnoOf(error) ?? (error instanceof Error ? error.message : String(error));
}

/** What {@link readFileChecked} saw besides the bytes. */
export interface FileInfo {
  readonly bytes: Uint8Array;
  /** Permission bits (`mode & 0o777`). */
  readonly mode: number;
}

/**
 * Reads a regular file of at most `maxBytes`. `check` runs on the open descriptor's stat
 * before anything is read (so the mode checked is the mode of the file read).
 */
export async function readFileChecked(
  path: string,
  maxBytes: number,
  ctx: Context,
  check?: (mode: number) => void,
): Promise<FileInfo> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw readError(path, error, ctx);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new CliError('UNREADABLE_FILE', ctx.t.cannotRead(path, 'not a regular file'));
    if (info.size > maxBytes) throw new CliError('UNREADABLE_FILE', ctx.t.cannotRead(path, `larger than ${maxBytes} bytes`));
    check?.(info.mode & 0o777);
    const bytes = new Uint8Array(info.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return { bytes: bytes.subarray(0, at), mode: info.mode & 0o777 };
  } catch (error) {
    throw error instanceof CliError ? error : readError(path, error, ctx);
  } finally {
    await handle.close();
  }
}

/** Reads a UTF-8 text file of at most `maxBytes`. */
export async function readTextFile(path: string, maxBytes: number, ctx: Context): Promise<string> {
  return new TextDecoder().decode((await readFileChecked(path, maxBytes, ctx)).bytes);
}

/** Mode of an existing file (permission bits), or undefined when there is none. */
export async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Fails with FILE_EXISTS when `path` exists (any kind of entry, a dangling link too). */
export async function refuseExisting(path: string, ctx: Context): Promise<void> {
  try {
    await lstat(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw writeError(path, error, ctx);
  }
  throw new CliError('FILE_EXISTS', ctx.t.fileExists(path));
}

/**
 * Writes a file created with `mode` from the first byte, so there is no moment when it is
 * readable with wider permissions. Without `replace`, an existing file is an error
 * (O_EXCL, which also refuses a symlink planted at the path); with it, the content goes to
 * a fresh temporary file beside it that is then renamed over the old one (atomic on POSIX).
 */
export async function writeFileSecure(
  path: string,
  data: string | Uint8Array,
  options: { mode: number; replace: boolean },
  ctx: Context,
): Promise<void> {
  const target = options.replace ? join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`) : path;
  let handle;
  try {
    handle = await open(target, 'wx', options.mode);
  } catch (error) {
    throw writeError(path, error, ctx);
  }
  try {
    // The umask may have removed bits from `mode`; set exactly the bits asked for.
    await handle.chmod(options.mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.replace) await rename(target, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw writeError(path, error, ctx);
  }
}

/** Writes an output file (a picture), replacing any file at the path. */
export async function writeOutputFile(path: string, data: string | Uint8Array, ctx: Context): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    throw writeError(path, error, ctx);
  }
}
