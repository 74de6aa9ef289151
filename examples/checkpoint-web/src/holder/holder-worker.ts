/**
 * The holder worker: makes the holder key and signs live presentations (`present`) off the
 * page. It is a bundle of its own, so the checkpoint's verify path never carries the holder's
 * signing code (the presentation encoder and its CBOR writer), which a chunk shared with the
 * page would pull into it. Keys cross by structured clone: a non-extractable CryptoKey stays
 * non-extractable on both sides.
 */
import { generateHolderKey, present } from 'healthcode';
import type { HolderRequest, HolderResponse } from './protocol.js';

/**
 * The worker's global scope, as far as this file uses it. (Type-checked with the page's DOM
 * library, which the library's WebCrypto types need; the WebWorker library lacks some of them.)
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<HolderRequest>) => void) | null;
  postMessage(message: HolderResponse): void;
}
const scope = self as unknown as WorkerScope;

async function answer(request: HolderRequest): Promise<HolderResponse> {
  try {
    if (request.op === 'generate') {
      const made = await generateHolderKey({ nonExtractable: !request.forceExtractable });
      return { id: request.id, key: { publicJwk: made.publicJwk, ...(made.privateKey && { privateKey: made.privateKey }), ...(made.privateJwk && { privateJwk: made.privateJwk }) } };
    }
    return { id: request.id, text: await present(request.credential, request.key, { now: request.t }) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

scope.onmessage = (event: MessageEvent<HolderRequest>) => {
  void answer(event.data).then((response) => scope.postMessage(response));
};
