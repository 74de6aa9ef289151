/**
 * Drawing a code as a QR picture for `issue` and `render`: a PNG or SVG file, or the
 * terminal. One set of options, so every command that draws takes the same flags.
 */
import { renderPng, renderSvg, renderTerminal, type ErrorCorrection, type RenderOptions } from '../qr/index.js';
import { exclusive, integerOption, usageError } from './args.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { writeOutputFile } from './files.js';

/** parseArgs options of the QR outputs. */
export const QR_OUTPUT_OPTIONS = {
  png: { type: 'string' },
  svg: { type: 'string' },
  terminal: { type: 'boolean' },
  scale: { type: 'string' },
  margin: { type: 'string' },
  'error-correction': { type: 'string' },
} as const;

/** The parsed values of {@link QR_OUTPUT_OPTIONS}. */
export interface QrOutputValues {
  readonly png?: string | undefined;
  readonly svg?: string | undefined;
  readonly terminal?: boolean | undefined;
  readonly scale?: string | undefined;
  readonly margin?: string | undefined;
  readonly 'error-correction'?: string | undefined;
}

const LEVELS: readonly ErrorCorrection[] = ['L', 'M', 'Q', 'H'];

function renderOptions(command: string, values: QrOutputValues, ctx: Context): RenderOptions {
  const level = values['error-correction'];
  if (level !== undefined && !LEVELS.includes(level as ErrorCorrection)) {
    throw usageError(command, ctx.t.badChoice('--error-correction', level, LEVELS));
  }
  return {
    ...(level !== undefined && { errorCorrection: level as ErrorCorrection }),
    ...(values.margin !== undefined && { margin: integerOption(command, '--margin', values.margin, 0, 32, ctx) }),
    ...(values.scale !== undefined && { scale: integerOption(command, '--scale', values.scale, 1, 32, ctx) }),
  };
}

/** A checked request for a picture: where it goes and how it is drawn. */
export interface QrOutput {
  readonly kind: 'png' | 'svg' | 'terminal';
  /** The file, for `png` and `svg`. */
  readonly path?: string;
  readonly options: RenderOptions;
}

/**
 * Checks the picture options (at most one output; exactly one when `requireOne`), before
 * any work is done, so a bad `--scale` never leaves a code issued and its picture missing.
 */
export function qrOutputOf(command: string, values: QrOutputValues, ctx: Context, requireOne: boolean): QrOutput | undefined {
  const given = exclusive(command, { '--png FILE': values.png, '--svg FILE': values.svg, '--terminal': values.terminal }, ctx, requireOne);
  if (given === undefined) return undefined;
  const options = renderOptions(command, values, ctx);
  if (given === '--terminal') return { kind: 'terminal', options };
  return given === '--png FILE' ? { kind: 'png', path: values.png!, options } : { kind: 'svg', path: values.svg!, options };
}

/**
 * Draws `text` as asked. Files are written and named on `notify`; the terminal picture
 * goes to `terminal` (stdout for `render`, stderr for `issue`, whose stdout is the text).
 */
export async function writeQrOutput(
  output: QrOutput,
  text: string,
  ctx: Context,
  streams: { terminal: (s: string) => void; notify: (s: string) => void },
): Promise<void> {
  const { kind, path, options } = output;
  let picture: string | Uint8Array;
  try {
    picture = kind === 'png' ? await renderPng(text, options) : kind === 'svg' ? renderSvg(text, options) : renderTerminal(text, options);
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    throw new CliError('BAD_INPUT', ctx.t.cannotRender(error.message), { cause: error });
  }
  if (path === undefined) {
    streams.terminal(picture as string);
    return;
  }
  await writeOutputFile(path, picture, ctx);
  streams.notify(ctx.t.wrote(path));
}
