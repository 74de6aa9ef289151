/**
 * `npm run bench`: every suite, each row printed beside its reference measured in the same run.
 *
 *   npx tsx bench/run.ts [--quick] [--markdown] [--only=verify,issue,many,present,dcc,qr,bundle,status]
 *
 * --quick: fewer rounds (a smoke run, ~1 minute); --markdown: tables for bench/README.md.
 * Exit code 1 when a row with a target missed it (the figures depend on the machine: see
 * bench/README.md for the machine they were taken on).
 */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { bundleSuite } from './suites/bundle.js';
import { dccSuite } from './suites/dcc.js';
import { issueSuite } from './suites/issue.js';
import { manySuite } from './suites/many.js';
import { qrSuite } from './suites/qr.js';
import { verifySuite } from './suites/verify.js';
import { presentSuite } from './suites/present.js';
import { statusListSuite } from './status-list.js';
import { loadFixtures } from './fixtures.js';
import { markdownSection, printSection, type Section } from './report.js';

const SUITES = ['verify', 'issue', 'many', 'present', 'dcc', 'qr', 'bundle', 'status'] as const;
type SuiteName = (typeof SUITES)[number];

function parseArgs(argv: string[]): { quick: boolean; markdown: boolean; only: Set<SuiteName> } {
  let quick = false;
  let markdown = false;
  let only = new Set<SuiteName>(SUITES);
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--markdown') markdown = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      for (const name of names) if (!SUITES.includes(name as SuiteName)) throw new Error(`unknown suite "${name}" (${SUITES.join(', ')})`);
      only = new Set(names as SuiteName[]);
    } else throw new Error(`unknown argument "${arg}": use --quick, --markdown, --only=${SUITES.join(',')}`);
  }
  return { quick, markdown, only };
}

function machine(): string[] {
  const cpu = cpus();
  return [
    `Node ${process.versions.node}, V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl}, ${platform()} ${release()}`,
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `libuv thread pool: ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
  ];
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const { quick, markdown, only } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const header = [...machine(), `load average at start: ${load()}`];
  if (!markdown) console.log(header.join('\n'));
  const sections: Section[] = [];
  const show = (section: Section): void => {
    sections.push(section);
    if (!markdown) printSection(section);
  };
  const fixtures = only.has('verify') || only.has('issue') || only.has('many') || only.has('present') || only.has('qr') ? await loadFixtures() : undefined;
  if (only.has('verify')) show(await verifySuite(fixtures!, quick));
  if (only.has('issue')) show(await issueSuite(fixtures!, quick));
  if (only.has('many')) show(await manySuite(fixtures!, quick));
  if (only.has('present')) show(await presentSuite(fixtures!, quick));
  if (only.has('dcc')) {
    const dcc = await dccSuite(quick);
    if (dcc) show(dcc);
    else console.log('\n== EU DCC: skipped (the EU test corpus is not at $HEALTHCODE_VECTORS or ../shared/vectors/dcc)');
  }
  if (only.has('qr')) for (const section of await qrSuite(fixtures!.texts[0]!, quick)) show(section);
  if (only.has('bundle')) show(await bundleSuite());
  if (only.has('status')) show(await statusListSuite(quick));
  const footer = [`load average at end: ${load()}; ${((performance.now() - started) / 1000).toFixed(0)} s${quick ? ' (--quick)' : ''}`];
  const busiest = Math.max(...loadavg());
  if (busiest > cpus().length) {
    footer.push(`the machine was busy (load up to ${busiest.toFixed(1)} on ${cpus().length} cores): rows with calls in flight share the cores with other processes, so their ratios are not reliable; run again on a quiet machine.`);
  }
  if (markdown) {
    console.log(['```', ...header, ...footer, '```', '', sections.map(markdownSection).join('\n\n')].join('\n'));
  } else {
    console.log(`\n${footer.join('\n')}`);
  }
  const missed = sections.flatMap((s) => s.rows.filter((r) => r.met === false).map((r) => `${s.title}: ${r.name}`));
  if (missed.length > 0) {
    console.log(`\nmissed targets:\n  ${missed.join('\n  ')}`);
    process.exitCode = 1;
  }
}

await main();
