#!/usr/bin/env node
/**
 * The `healthcode` command line. `run(argv, io)` does all the work and returns the exit
 * code, so tests call it without spawning; the few lines at the bottom run it when this
 * file is the program. Exit codes (STYLE.md "CLI"): 0 success / valid, 1 ran but the code
 * is not valid, 2 usage, input or internal error. Never a stack trace, never a prompt.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { version } from '../../package.json';
import { COMMANDS } from './commands/index.js';
import { createContext, type CliIo, type Context } from './context.js';
import { CliError } from './errors.js';
import { isBatchWorkerData, runBatchWorker } from './batch/worker.js';
import { padEnd } from './style.js';

export type { CliIo } from './context.js';

function topHelp(ctx: Context): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${padEnd(c.name, width)}  ${c.summary[ctx.locale]}`).join('\n');
  return ctx.locale === 'zh'
    ? `用法：healthcode <命令> [选项]

离线可核验的健康码：签发、绘制、扫描、核验。

命令：
${list}

  healthcode <命令> --help   查看命令的用法
  healthcode --version       显示版本

退出码：0 成功或有效，1 已运行但码（或列表）无效、或批量中有行被拒绝，2 用法、输入或内部错误。
输出：结果写到标准输出，诊断信息写到标准错误；设置 NO_COLOR 可关闭颜色。`
    : `Usage: healthcode <command> [options]

Offline-verifiable health codes: issue, draw, scan, verify.

Commands:
${list}

  healthcode <command> --help   show a command's usage
  healthcode --version          show the version

Exit codes: 0 success or valid, 1 ran but the code (or list) is not valid, or batch lines
were refused, 2 usage, input or internal error. Results go to stdout, diagnostics to
stderr; set NO_COLOR for no colour.`;
}

function reportError(error: unknown, ctx: Context): number {
  if (error instanceof CliError) {
    ctx.err(ctx.t.errorLine(error.message));
    if (error.code === 'USAGE') ctx.err(ctx.t.helpHint(error.helpFor));
  } else {
    // A bug, not a user error: one line, still no stack trace.
    ctx.err(ctx.t.errorLine(ctx.t.internalError(error instanceof Error ? error.message : String(error))));
  }
  return 2;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit
 * code. Never rejects.
 *
 * @example
 * ```ts
 * const code = await run(['verify', text, '--trust', 'trust.json', '--json'], io);
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = createContext(io);
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-V') {
      ctx.out(version);
      return 0;
    }
    if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
      ctx.out(topHelp(ctx));
      return 0;
    }
    if (first === undefined) {
      ctx.err(topHelp(ctx));
      throw new CliError('USAGE', ctx.t.noCommand);
    }
    // `healthcode help verify` is `healthcode verify --help`.
    const name = first === 'help' ? rest[0]! : first;
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new CliError('USAGE', ctx.t.unknownCommand(name));
    const args = first === 'help' ? ['--help'] : rest;
    if (args.includes('--help') || args.includes('-h')) {
      ctx.out(command.help[ctx.locale]);
      return 0;
    }
    return await command.run(args, ctx);
  } catch (error) {
    return reportError(error, ctx);
  }
}

/** True when this module is the program being run (not imported by a test). */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script || typeof import.meta.url !== 'string') return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (!isMainThread) {
  // The bin is also the script of its own worker threads (issue --batch).
  if (isBatchWorkerData(workerData)) runBatchWorker(workerData);
} else if (isMain()) {
  // A closed pipe (`healthcode … | head -1`) ends the output, not the program with a trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  void run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    // The built bin (.js) is its own worker script; run from the sources (.ts) it has none.
    ...(import.meta.url.endsWith('.js') && { workerScript: new URL(import.meta.url) }),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
  }).then((code) => {
    process.exitCode = code;
  });
}
