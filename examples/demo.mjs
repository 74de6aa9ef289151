// The whole path of a health code in one run, offline, with the built package:
// an issuer key, a green and a red code, their QR pictures (PNG files and the terminal),
// scanned back from the PNGs and verified against a trust list.
// Run it with `npm run demo` (which builds first). Exits 1 if any step disagrees.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIssuerKey, issue, TrustList, verify } from '../dist/index.js';
import { renderMatrix, renderPng, renderTerminal, scanFile } from '../dist/qr/index.js';

const ISSUER = 'CN-330100';
const HOUR = 3600;
let failures = 0;

function step(ok, message) {
  console.log(`${ok ? '  ✓' : '  ✗'} ${message}`);
  if (!ok) failures++;
}

/** Terminal pictures with captions: side by side when the terminal is wide enough. */
function drawAll(pictures, captions) {
  const blocks = pictures.map((p) => p.split('\n'));
  const width = Math.max(...blocks[0].map((l) => l.length));
  if ((process.stdout.columns ?? 0) < blocks.length * (width + 2)) {
    return blocks.map((lines, i) => `${captions[i]}\n${lines.join('\n')}`).join('\n');
  }
  const rows = [captions.map((c) => c.padEnd(width)).join('  ')];
  for (let i = 0; i < blocks[0].length; i++) rows.push(blocks.map((b) => (b[i] ?? '').padEnd(width)).join('  '));
  return rows.join('\n');
}

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

const dir = mkdtempSync(join(tmpdir(), 'healthcode-demo-'));
try {
  console.log('healthcode demo: issue, draw, scan and verify, all offline\n');

  console.log('1. The issuer makes a key; checkpoints get its public half in a trust list.');
  const { privateJwk, publicJwk, kid } = await generateIssuerKey({ issuer: ISSUER });
  const trust = await TrustList.fromJWKS({ keys: [publicJwk] });
  step(trust.keys.length === 1 && !('d' in publicJwk), `key ${kid} for ${ISSUER}; trust list of 1 public key`);

  console.log('\n2. The issuer signs two codes, valid for 24 hours.');
  const now = Math.floor(Date.now() / 1000);
  const people = [
    { status: 'green', name: '张*', idHint: '1234' },
    { status: 'red', name: '李*', idHint: '5678' },
  ];
  const codes = [];
  for (const person of people) {
    const text = await issue({ ...person, issuedAt: now, expiresAt: now + 24 * HOUR }, privateJwk);
    const { version } = renderMatrix(text);
    codes.push({ ...person, text, png: join(dir, `${person.status}.png`) });
    step(text.startsWith('HQ1:'), `${person.status.padEnd(5)} ${text.length} characters, QR version ${version}: ${text.slice(0, 36)}…`);
  }

  console.log('\n3. Each code is drawn as a PNG file and on this terminal.');
  for (const code of codes) {
    const png = renderPng(code.text);
    writeFileSync(code.png, png);
    step(png.length > 0, `wrote ${code.png} (${png.length} bytes)`);
  }
  console.log(drawAll(codes.map((c) => renderTerminal(c.text)), codes.map((c) => c.status)));

  console.log('\n4. A checkpoint scans each PNG and verifies it against the trust list.');
  for (const code of codes) {
    const scanned = await scanFile(code.png);
    step(scanned === code.text, `scanned ${code.status}.png: the same text came back`);
    const result = await verify(scanned, trust);
    step(
      result.valid && result.status === code.status && result.name === code.name,
      result.valid
        ? `${result.status.toUpperCase()}, valid: ${result.name} (id …${result.idHint}), ${result.issuer}, expires ${iso(result.expiresAt)}`
        : `NOT VALID: ${result.code} ${result.message}`,
    );
  }

  console.log('\n5. What a checkpoint must refuse.');
  const late = await verify(codes[0].text, trust, { now: now + 48 * HOUR });
  step(!late.valid && late.code === 'EXPIRED', `two days later: ${late.valid ? 'valid?!' : late.code}`);
  const text = codes[0].text;
  const forged = `${text.slice(0, -10)}${text.at(-10) === '0' ? '1' : '0'}${text.slice(-9)}`;
  const altered = await verify(forged, trust);
  step(!altered.valid, `one character changed: ${altered.valid ? 'valid?!' : altered.code}`);
  const stranger = await generateIssuerKey({ issuer: ISSUER });
  const foreign = await verify(await issue({ status: 'green', expiresAt: now + HOUR }, stranger.privateJwk), trust);
  step(!foreign.valid && foreign.code === 'UNKNOWN_KID', `signed by a key not in the trust list: ${foreign.valid ? 'valid?!' : foreign.code}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(failures === 0 ? '\nEvery step agreed.' : `\n${failures} step(s) disagreed.`);
process.exitCode = failures === 0 ? 0 : 1;
