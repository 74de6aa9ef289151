/**
 * `npm run issuer`: starts the issuer service on 127.0.0.1.
 *
 * Environment: `PORT` (default 8080; 0 lets the OS choose), `DATA_DIR` (default
 * `./.issuer-data`), `ISSUER_ID` (default `CN-330100`), `ISSUER_NAME` (display name in the
 * trust list). SIGINT or SIGTERM shuts it down gracefully. Exit codes: 0 after a clean
 * shutdown, 1 when it cannot start.
 */
import { resolve } from 'node:path';
import { ISSUER_SERVICE_DEFAULTS, startIssuerService } from './service.js';

function port(text: string | undefined): number {
  if (text === undefined || text === '') return ISSUER_SERVICE_DEFAULTS.port;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) throw new Error(`PORT "${text}" is not a port number (0-65535)`);
  return value;
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR || '.issuer-data');
  const service = await startIssuerService({
    dataDir,
    port: port(process.env.PORT),
    ...(process.env.ISSUER_ID && { issuer: process.env.ISSUER_ID }),
    ...(process.env.ISSUER_NAME && { issuerName: process.env.ISSUER_NAME }),
  });
  console.log(`issuer-service: issuer key ${service.issuerKid}, root key ${service.rootKid} (pin it: GET /root.jwk), data in ${dataDir}`);
  // Printed last, once ready: scripts and tests that start the service on port 0 read the URL here.
  console.log(`issuer-service: listening on ${service.url}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`issuer-service: ${signal}, finishing requests in flight`);
    service.close().then(
      () => {
        console.log('issuer-service: stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('issuer-service: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`issuer-service: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
