/**
 * `present --watch`: the live code on a terminal. Every N seconds a new presentation is
 * signed with the current time and drawn in place of the last one, with a countdown to the
 * next; an interrupt (Ctrl-C) ends it cleanly, exit 0. Drawing in place needs a terminal, so
 * the command checks for one before it gets here.
 */
import { renderTerminal, type TerminalRenderOptions } from '../qr/index.js';
import { SYSTEM_CLOCK, type Context } from './context.js';
import { formatTime } from './time.js';

// ECMA-48 control sequences: cursor home + erase display, erase line, DEC private cursor mode 25.
const CLEAR_SCREEN = '\u001b[H\u001b[2J';
const CLEAR_LINE = '\r\u001b[2K';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

/** Milliseconds between countdown updates. */
const TICK_MS = 1000;

/**
 * Signs a presentation with `sign(now)` every `intervalSeconds` and redraws it until the
 * run is interrupted. Resolves with the exit code (0).
 */
export async function watchPresentations(
  sign: (nowSeconds: number) => Promise<string>,
  intervalSeconds: number,
  render: TerminalRenderOptions,
  ctx: Context,
): Promise<number> {
  const clock = ctx.io.clock ?? SYSTEM_CLOCK;
  const write = (s: string): void => void ctx.io.stdout.write(s);
  let interrupted = false;
  let wake: () => void = () => undefined;
  const onInterrupt = ctx.io.onInterrupt;
  if (!onInterrupt) throw new Error('unreachable: present checks for onInterrupt before watching');
  const off = onInterrupt(() => {
    interrupted = true;
    wake();
  });
  const interruption = new Promise<void>((resolve) => (wake = resolve));
  write(HIDE_CURSOR);
  let shown = 0;
  try {
    while (!interrupted) {
      const now = Math.floor(clock.now() / 1000);
      const text = await sign(now);
      write(`${CLEAR_SCREEN}${renderTerminal(text, render)}\n\n${text}\n\n`);
      shown++;
      for (let left = intervalSeconds; left > 0 && !interrupted; left--) {
        write(`${CLEAR_LINE}${ctx.t.holder.countdown(formatTime(now), left)}`);
        await Promise.race([clock.sleep(TICK_MS), interruption]);
      }
    }
  } finally {
    off();
    write(`${CLEAR_LINE}${SHOW_CURSOR}`);
  }
  ctx.out(ctx.t.holder.stopped(shown));
  return 0;
}
