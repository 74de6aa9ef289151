/**
 * The page's side of the holder worker (holder-worker.ts): one worker, started on first use,
 * that makes the holder key and signs presentations.
 */
import type { HolderPrivateJwk } from 'healthcode';
import type { HolderRequest, HolderResponse, MadeHolderKey } from './protocol.js';

type Pending = { resolve: (response: HolderResponse) => void; reject: (error: Error) => void };
/** A request before the id is given (Omit distributed over the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): Worker {
  const w = new Worker(new URL('./holder-worker.ts', import.meta.url), { type: 'module', name: 'holder' });
  w.onmessage = (event: MessageEvent<HolderResponse>) => {
    const waiter = pending.get(event.data.id);
    pending.delete(event.data.id);
    waiter?.resolve(event.data);
  };
  w.onerror = (event) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the holder worker failed: ${event.message}`));
    pending.clear();
    worker = undefined;
  };
  return w;
}

function ask(request: Unnumbered<HolderRequest>): Promise<HolderResponse> {
  worker ??= start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ ...request, id });
  });
}

/**
 * Makes a holder key: non-extractable where WebCrypto has Ed25519, unless `forceExtractable`.
 *
 * @throws Error when the worker cannot make one.
 */
export async function makeHolderKey(forceExtractable: boolean): Promise<MadeHolderKey> {
  const response = await ask({ op: 'generate', forceExtractable });
  if ('error' in response) throw new Error(response.error);
  if (!('key' in response)) throw new Error('the holder worker answered without a key');
  return response.key;
}

/**
 * The `HQ1P:` presentation of `credential` signed by `key` at time `t` (epoch seconds).
 *
 * @throws Error when the key or credential is refused.
 */
export async function presentCredential(credential: string, key: CryptoKey | HolderPrivateJwk, t: number): Promise<string> {
  const response = await ask({ op: 'present', credential, key, t });
  if ('error' in response) throw new Error(response.error);
  if (!('text' in response)) throw new Error('the holder worker answered without a presentation');
  return response.text;
}
