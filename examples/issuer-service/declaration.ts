/**
 * The request body of `POST /codes`: a person's self-declaration, checked strictly. Every
 * refusal is a 400 naming the field, so a client developer can fix the call from the answer.
 */
import type { HolderPublicJwk } from './healthcode.js';
import { parseHolderKey } from './holder-key.js';
import { HttpError } from './http.js';

/** A checked self-declaration. `idNumber` is normalised (trimmed, upper case). */
export interface Declaration {
  readonly idNumber: string;
  readonly name: string;
  readonly hasSymptoms: boolean;
  readonly visitedHighRiskArea: boolean;
  readonly contactWithConfirmed: boolean;
  /** The holder's public key, when the code is to be holder-bound (a dynamic code). */
  readonly holderKey?: HolderPublicJwk;
}

/** Id numbers: ASCII letters and digits (an 18-character resident id ends in a digit or X; passports mix letters). */
const ID_NUMBER = /^[0-9A-Z]{6,32}$/;
/**
 * Characters refused in a name: controls, line separators, and invisible format characters
 * (bidirectional overrides would let a name display as another, Unicode TR36 §2.2) except
 * the zero-width joiner and non-joiner, which some scripts and emoji sequences need.
 */
const FORBIDDEN_IN_NAME = /[\p{Cc}\p{Zl}\p{Zp}]|(?![\u200c\u200d])\p{Cf}/u;
/** Longest name, in user-perceived characters (grapheme clusters). */
export const MAX_NAME_CHARS = 40;

const FIELDS = ['idNumber', 'name', 'hasSymptoms', 'visitedHighRiskArea', 'contactWithConfirmed'] as const;
/** Fields that may be left out. */
const OPTIONAL_FIELDS = ['holderPublicKey'] as const;
const ALL_FIELDS: readonly string[] = [...FIELDS, ...OPTIONAL_FIELDS];
const ANSWERS = ['hasSymptoms', 'visitedHighRiskArea', 'contactWithConfirmed'] as const;

function bad(message: string): never {
  throw new HttpError(400, 'BAD_DECLARATION', message);
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Grapheme clusters of a string (so "é" written as e + combining accent is one character). */
export function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
}

/**
 * Checks a parsed JSON body as a declaration (and its optional `holderPublicKey`).
 *
 * @throws HttpError 400 `BAD_DECLARATION` naming the first field that is missing, unknown or
 *   of the wrong type or form.
 */
export function parseDeclaration(body: unknown): Declaration {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) bad(`expected a JSON object with ${FIELDS.join(', ')}; got ${typeOf(body)}`);
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ALL_FIELDS.includes(key)) bad(`unknown field "${key}": expected only ${ALL_FIELDS.join(', ')}`);
  }
  for (const field of FIELDS) {
    if (!(field in record)) bad(`"${field}" is missing`);
  }
  if (typeof record.idNumber !== 'string') bad(`"idNumber" expected a string, got ${typeOf(record.idNumber)}`);
  const idNumber = record.idNumber.trim().toUpperCase();
  if (!ID_NUMBER.test(idNumber)) bad('"idNumber" expected 6 to 32 letters and digits');
  if (typeof record.name !== 'string') bad(`"name" expected a string, got ${typeOf(record.name)}`);
  const name = record.name.normalize('NFC').trim();
  if (name === '') bad('"name" is empty');
  if (FORBIDDEN_IN_NAME.test(name)) bad('"name" contains control or invisible formatting characters');
  if (graphemes(name).length > MAX_NAME_CHARS) bad(`"name" expected at most ${MAX_NAME_CHARS} characters`);
  for (const field of ANSWERS) {
    if (typeof record[field] !== 'boolean') bad(`"${field}" expected true or false, got ${typeOf(record[field])}`);
  }
  const holderKey = record.holderPublicKey === undefined ? undefined : parseHolderKey(record.holderPublicKey);
  return Object.freeze({
    idNumber,
    name,
    hasSymptoms: record.hasSymptoms as boolean,
    visitedHighRiskArea: record.visitedHighRiskArea as boolean,
    contactWithConfirmed: record.contactWithConfirmed as boolean,
    ...(holderKey && { holderKey }),
  });
}
