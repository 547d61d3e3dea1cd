/**
 * Key formats of the single table (see table-design.ts and docs/STORE.md).
 * Built here only, so the adapter, the query service and the CLI agree.
 */
import { normalizeName } from '#shared/extract/names.ts';

/** Partition key of everything about one document. */
export const docPk = (id: string) => `DOC#${id}`;
export const RECORD_SK = 'RECORD';
export const EVENT_SK_PREFIX = 'EVENT#';

/**
 * Audit-event sort key: `EVENT#<event time>#<step ordinal>#<type>#<run id>`.
 * The event time is the S3 event's (or the reprocess request's), so a
 * re-delivered message maps to the same keys; the run id (hash of the
 * processing key and event time) keeps two distinct runs apart even in the
 * same millisecond.
 */
export function eventSk(
  eventTime: string,
  ordinal: number,
  type: string,
  runId: string
): string {
  return `${EVENT_SK_PREFIX}${eventTime}#${String(ordinal).padStart(2, '0')}#${type}#${runId}`;
}

/**
 * Person names as index keys, by the extractor's one name normalizer: forms
 * of address dropped, lower case, accents and punctuation dropped, spaces
 * folded. So `Kim Il-sung`, `KIM IL SUNG`, `Comrade Kim Il Sung` and
 * `Kim  Il Sung.` meet, in the index and in the query alike.
 */
export { normalizeName };

export const personPk = (name: string) => `PERSON#${normalizeName(name)}`;

/** Sort-key date: the record's (partial) date, or `0000` when undated. */
export const sortDate = (date: string | null) => date ?? '0000';

export const personSk = (date: string | null, id: string, role: string) =>
  `${sortDate(date)}#${id}#${role}`;

/** Content-hash look-up: the first document seen with these bytes. */
export const contentHashPk = (sha256: string) => `SHA256#${sha256}`;
export const CONTENT_HASH_SK = 'DOC';

/** The set of years that have dated records, for year-range listings. */
export const META_PK = 'META';
export const YEARS_SK = 'YEARS';

export const typeGsiPk = (type: string) => `TYPE#${type}`;
export const yearGsiPk = (year: string) => `YEAR#${year}`;
export const telegramGsiPk = (number: string) => `TELEGRAM#${number.trim()}`;
export const dateIdSk = (date: string | null, id: string) =>
  `${sortDate(date)}#${id}`;

/** Roles a person can hold in a record, as stored in person-index keys. */
export const PERSON_ROLES = [
  'author',
  'recipient',
  'via',
  'participant',
  'signatory',
  'distribution',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
