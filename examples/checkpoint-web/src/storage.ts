/**
 * The page's persistent store: one IndexedDB object store of small records by key, which
 * survives reloads and works offline. Other features (a holder's key for dynamic codes, a
 * status list) add their own keys here.
 */

const DB_NAME = 'healthcode-checkpoint';
const DB_VERSION = 1;
const STORE = 'kv';

let opened: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = body(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? request.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Reads a record, or undefined when there is none. */
export function load<T>(key: string): Promise<T | undefined> {
  return run('readonly', (store) => store.get(key) as IDBRequest<T | undefined>);
}

/** Writes a record (structured clone), replacing any other under that key. */
export async function save(key: string, value: unknown): Promise<void> {
  await run('readwrite', (store) => store.put(value, key));
}

/** Deletes a record. */
export async function remove(key: string): Promise<void> {
  await run('readwrite', (store) => store.delete(key));
}

/** Whether a record exists (cheap: the record is not read). */
export async function has(key: string): Promise<boolean> {
  return (await run('readonly', (store) => store.count(key))) > 0;
}

/**
 * Key of the saved status list (status-list.ts). Here so that the page can tell whether one
 * was saved without loading that module, which it loads only then.
 */
export const STATUS_LIST_KEY = 'statusList';
