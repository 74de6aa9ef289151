/**
 * The service's two signing keys, made on first start: the issuer key that signs codes and
 * the root key that signs the trust list. Private halves stay in 0600 files; public halves go
 * to the database. (A real deployment keeps the root elsewhere, offline: the national
 * platform signs the list of every region's issuer keys. This example holds both so that it
 * runs alone.)
 */
import { join } from 'node:path';
import type { Store } from './db/store.js';
import { generateIssuerKey, type IssuerPrivateJwk, type IssuerPublicJwk } from './healthcode.js';
import { readOrCreateSecret } from './secrets.js';

/** The root's public key as a checkpoint pins it (RFC 8037 §2 OKP JWK, kid = RFC 7638 prefix). */
export interface RootPublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
}

/** The loaded keys. */
export interface ServiceKeys {
  readonly issuer: IssuerPrivateJwk;
  /** The issuer key's public JWK as the trust list carries it (with the display `name`). */
  readonly issuerPublic: IssuerPublicJwk & { readonly name?: string };
  readonly root: IssuerPrivateJwk;
  readonly rootPublic: RootPublicJwk;
}

function parseKeyFile(path: string, content: string): IssuerPrivateJwk {
  let jwk: unknown;
  try {
    jwk = JSON.parse(content);
  } catch {
    throw new Error(`${path} is not a JSON private key`);
  }
  const record = jwk as Partial<IssuerPrivateJwk> | null;
  if (typeof record !== 'object' || record === null || record.kty !== 'OKP' || typeof record.d !== 'string' || typeof record.kid !== 'string') {
    throw new Error(`${path} is not an Ed25519 private JWK`);
  }
  return record as IssuerPrivateJwk;
}

function publicHalf({ d: _, ...rest }: IssuerPrivateJwk): IssuerPublicJwk {
  return rest;
}

/**
 * Loads the issuer and root keys from `dataDir`, generating each on first start, and records
 * their public halves in the database.
 *
 * @throws Error when a key file is unreadable, not 0600, or was made for another issuer id.
 */
export async function loadServiceKeys(dataDir: string, store: Store, config: { issuer: string; issuerName?: string; now: number }): Promise<ServiceKeys> {
  const make = (issuer: string) => async (): Promise<string> =>
    `${JSON.stringify((await generateIssuerKey({ issuer, notBefore: config.now })).privateJwk, null, 2)}\n`;
  const issuerPath = join(dataDir, 'issuer-key.jwk');
  const rootPath = join(dataDir, 'root-key.jwk');
  const issuer = parseKeyFile(issuerPath, (await readOrCreateSecret(issuerPath, make(config.issuer))).content);
  if (issuer.iss !== config.issuer) {
    throw new Error(`${issuerPath} signs for issuer "${issuer.iss}", but the service is configured as "${config.issuer}": use another DATA_DIR or ISSUER_ID`);
  }
  const root = parseKeyFile(rootPath, (await readOrCreateSecret(rootPath, make(`${config.issuer}-ROOT`))).content);

  const issuerPublic = { ...publicHalf(issuer), ...(config.issuerName !== undefined && { name: config.issuerName }) };
  const rootPublic: RootPublicJwk = { kty: 'OKP', crv: 'Ed25519', x: root.x, kid: root.kid, alg: 'EdDSA' };
  store.recordKey(issuer.kid, 'issuer', issuerPublic, issuer.nbf ?? config.now);
  store.recordKey(root.kid, 'root', rootPublic, root.nbf ?? config.now);
  return Object.freeze({ issuer, issuerPublic, root, rootPublic: Object.freeze(rootPublic) });
}
