/**
 * Where a code's text comes from: an argument, standard input (`-`), or a picture
 * (`--image FILE`, scanned with the QR face). Exactly one of them.
 */
import { MAX_TEXT_LENGTH } from '../index.js';
import { isQrError, scanFile } from '../qr/index.js';
import { usageError } from './args.js';
import type { Context } from './context.js';
import { CliError, errnoOf } from './errors.js';

/**
 * Stdin is read up to this many bytes: past the verifier's limit the text is refused as
 * TOO_LARGE anyway, so reading on would only let a stream exhaust memory.
 */
const MAX_STDIN_BYTES = MAX_TEXT_LENGTH * 4 + 1;

/** Reads standard input up to `maxBytes` (the rest is left unread). */
export async function readStdin(stdin: AsyncIterable<string | Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    chunks.push(bytes.subarray(0, maxBytes - total));
    total += Math.min(bytes.length, maxBytes - total);
    if (total >= maxBytes) break;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * The code text from exactly one source. Only a final line break is removed from stdin:
 * a space is a Base45 character, so other whitespace may be part of the code.
 */
export async function readCodeText(command: string, text: string | undefined, image: string | undefined, ctx: Context): Promise<string> {
  if ((text === undefined) === (image === undefined)) throw usageError(command, ctx.t.oneOf(['TEXT', '-', '--image FILE']));
  if (image !== undefined) return scanImageFile(image, ctx);
  if (text !== '-') return text!;
  let input: string;
  try {
    input = (await readStdin(ctx.io.stdin, MAX_STDIN_BYTES)).replace(/\r?\n$/, '');
  } catch (error) {
    throw new CliError('UNREADABLE_FILE', ctx.t.cannotRead('stdin', errnoOf(error) ?? String(error)), { cause: error });
  }
  if (input.length === 0) throw new CliError('NO_INPUT', ctx.t.noStdin);
  return input;
}

/** Scans the first QR code in a PNG or JPEG file. */
export async function scanImageFile(path: string, ctx: Context): Promise<string> {
  try {
    return await scanFile(path);
  } catch (error) {
    if (!isQrError(error)) throw error;
    const message = error.code === 'FILE_NOT_FOUND' ? ctx.t.fileNotFound(path) : `${path}: ${ctx.t.qrCodeLabels[error.code]}`;
    throw new CliError(error.code, message, { cause: error });
  }
}
