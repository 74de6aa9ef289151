/**
 * The HTTP plumbing of the service, on `node:http` alone: errors that carry their status and
 * a reason, a body reader with a hard size limit, and JSON answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body read, in bytes: a declaration is a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** An error answered to the client as `{ error, message }` with its HTTP status. */
export class HttpError extends Error {
  readonly status: number;
  /** A stable, machine-readable reason, e.g. `BAD_JSON`. */
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/**
 * Reads the whole body, refusing more than `limit` bytes. A declared `Content-Length` over
 * the limit is refused before a byte is read; a body that grows past it is cut off.
 *
 * @throws HttpError 400 `BODY_TOO_LARGE` over the limit.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const tooLarge = (): HttpError => new HttpError(400, 'BODY_TOO_LARGE', `the request body is over the limit of ${limit} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain, so the answer can be read on a keep-alive connection
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
      done = true;
    });
    req.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

/**
 * Reads a JSON request body: `Content-Type` must be JSON when given, the body at most
 * {@link MAX_BODY_BYTES}, valid UTF-8 and valid JSON.
 *
 * @throws HttpError 415 for another media type; 400 `BODY_TOO_LARGE` / `BAD_JSON`.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `expected Content-Type application/json, got ${JSON.stringify(type)}`);
  }
  const body = await readBody(req);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'the request body is not valid UTF-8');
  }
  if (text.trim() === '') throw new HttpError(400, 'BAD_JSON', 'the request body is empty: expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Sends a JSON answer (no caching: every answer here is personal or changes). */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** Sends an error as `{ error, message }`. */
export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: error.code, message: error.message }, { ...error.headers });
}
