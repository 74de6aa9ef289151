/**
 * The issuer service: opens (or creates) its data directory and database, loads (or makes)
 * its keys, and serves the routes on `node:http`. `close()` shuts down gracefully: no new
 * connections, requests in flight finish, then the database closes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openDatabase, type Db } from './db/database.js';
import { Store } from './db/store.js';
import { createRouter, type ServiceContext } from './router.js';
import { ROUTES } from './routes/index.js';
import { loadServiceKeys } from './service-keys.js';
import { ensureDataDir, loadIdSecret } from './secrets.js';
import { loadStatusIndices } from './status-indices.js';
import { StatusListPublisher } from './status-publisher.js';
import { TrustListPublisher } from './trust-publisher.js';

/** Options of {@link startIssuerService}. */
export interface IssuerServiceOptions {
  /** Where the database and the key files live (created 0700 on first start). */
  readonly dataDir: string;
  /** TCP port; 0 lets the OS choose (see `port` on the result). Default 8080. */
  readonly port?: number;
  /** Address to listen on. Default 127.0.0.1: put a TLS-terminating proxy in front for anything else. */
  readonly host?: string;
  /** The issuer id written into codes and bound to the key (`iss`). Default `CN-330100`. */
  readonly issuer?: string;
  /** The issuer's display name, carried in the trust list for checkpoints to show. */
  readonly issuerName?: string;
  /** The clock, epoch seconds (for tests). Default the system clock. */
  readonly now?: () => number;
  /** Where unexpected errors are reported (never with request bodies). Default stderr. */
  readonly onError?: (error: unknown) => void;
}

/** A running service. */
export interface IssuerService {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** kid of the issuer key and of the root key. */
  readonly issuerKid: string;
  readonly rootKid: string;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Defaults of {@link IssuerServiceOptions}. */
export const ISSUER_SERVICE_DEFAULTS = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  issuer: 'CN-330100',
  issuerName: '杭州市卫生健康委员会 Hangzhou Health Commission',
});

/** How long `close()` waits for requests in flight by default, in ms. */
const DEFAULT_GRACE_MS = 10_000;

const systemNow = (): number => Math.floor(Date.now() / 1000);

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts the service: data directory, database (migrated), keys, status-list indices, trust
 * list, status list, HTTP.
 *
 * @throws Error when a key or seed file is not private, the issuer key belongs to another
 *   issuer, the database is newer than this code, or the port is taken.
 */
export async function startIssuerService(options: IssuerServiceOptions): Promise<IssuerService> {
  const now = options.now ?? systemNow;
  const onError = options.onError ?? ((error: unknown) => console.error('issuer-service: internal error:', error));
  ensureDataDir(options.dataDir);
  const idSecret = await loadIdSecret(options.dataDir);
  const db: Db = openDatabase(join(options.dataDir, 'issuer.sqlite'));
  let server: Server | undefined;
  try {
    const store = new Store(db);
    const keys = await loadServiceKeys(options.dataDir, store, {
      issuer: options.issuer ?? ISSUER_SERVICE_DEFAULTS.issuer,
      issuerName: options.issuerName ?? ISSUER_SERVICE_DEFAULTS.issuerName,
      now: now(),
    });
    const allocateIndex = await loadStatusIndices(options.dataDir, store);
    const publisher = new TrustListPublisher(store, keys.root, now);
    await publisher.current(); // sign the first list now, so a broken key shows at start, not at the first sync
    const statusPublisher = new StatusListPublisher(store, keys.issuer, now);
    await statusPublisher.current();
    const ctx: ServiceContext = { store, keys, publisher, statusPublisher, allocateIndex, idSecret, now };
    const route = createRouter(ROUTES, ctx, onError);

    let inFlight = 0;
    let closing = false;
    let drained: (() => void) | undefined;
    server = createServer((req, res) => {
      inFlight++;
      if (closing) res.setHeader('Connection', 'close');
      res.on('close', () => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
      void route(req, res);
    });
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    const address = await listen(server, options.port ?? ISSUER_SERVICE_DEFAULTS.port, options.host ?? ISSUER_SERVICE_DEFAULTS.host);
    const running = server;

    let closed: Promise<void> | undefined;
    const close = (graceMs = DEFAULT_GRACE_MS): Promise<void> => {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => running.close(() => resolve()));
        running.closeIdleConnections();
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            setTimeout(resolve, graceMs).unref();
          });
        }
        running.closeAllConnections();
        await stopped;
        db.close();
      })();
      return closed;
    };
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return Object.freeze({ url: `http://${host}:${address.port}`, port: address.port, issuerKid: keys.issuer.kid, rootKid: keys.root.kid, close });
  } catch (error) {
    server?.close();
    db.close();
    throw error;
  }
}
