/**
 * Key formats of the single table (see table-design.ts and docs/STORE.md).
 * Built here only, so the adapter, the query service and the CLI agree.
 */
import { normalizeName, personKey } from '#shared/extract/names.ts';

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
 * Person names as index keys, by the one name-key function
 * (`personKey`, shared/extract/names.ts): surname first, forms of address,
 * case, accents and punctuation dropped, spelling systems folded (Wade–Giles
 * to Pinyin, Cyrillic and the common transliterations of Russian names,
 * spaced or hyphenated Korean given names). So `Mao Tse-tung` and
 * `MAO ZEDONG`, `Kim Il-sung` and `Kim Il Sung` share one partition, and
 * the query finds them through the same function.
 */
export { normalizeName, personKey };

export const personPk = (name: string) => `PERSON#${personKey(name)}`;
/** The partition of a person key (already a key: not re-folded). */
export const personKeyPk = (key: string) => `PERSON#${key}`;

/**
 * The people directory: every person key once per name part
 * (`NAMEPART#<part>` / `<key>`), so a search by any part of a name finds
 * the keys to read, and once in its letter's shelf (`PEOPLE#<letter>` /
 * `<key>`), so the people listing walks keys in order by surname.
 */
export const namePartPk = (part: string) => `NAMEPART#${part}`;
export const peopleShelfPk = (key: string) => `PEOPLE#${shelfOf(key)}`;
/** Shelves in listing order: a-z, then 0-9 and everything else as `_`. */
export const PEOPLE_SHELVES = [...'abcdefghijklmnopqrstuvwxyz', '_'];
function shelfOf(key: string): string {
  const c = key.charAt(0);
  return c >= 'a' && c <= 'z' ? c : '_';
}

export { shelfOf };

/**
 * Version of the index layout (person keys, directory, facet attributes;
 * 3: letter signers indexed as `signer`; 4: review-queue entries, and
 * indexes built from the record with its corrections applied).
 * Record items carry the version they were indexed with; `archive
 * reprocess --stale` re-indexes older ones.
 */
export const INDEX_VERSION = 4;

/** Sort-key date: the record's (partial) date, or `0000` when undated. */
export const sortDate = (date: string | null) => date ?? '0000';

export const personSk = (date: string | null, id: string, role: string) =>
  `${sortDate(date)}#${id}#${role}`;

/** Content-hash look-up: the first document seen with these bytes. */
export const contentHashPk = (sha256: string) => `SHA256#${sha256}`;
export const CONTENT_HASH_SK = 'DOC';

/**
 * The review queue: one item per record waiting for review, in a sparse
 * partition (`REVIEW#open` / `<processedAt>#<id>`), so the queue is read
 * oldest first without scanning records. The record owns its entry like
 * its person-index items (written at commit, cleaned up when it leaves).
 */
export const REVIEW_OPEN_PK = 'REVIEW#open';
export const reviewSk = (processedAt: string, id: string) =>
  `${processedAt}#${id}`;

/** The set of years that have dated records, for year-range listings. */
export const META_PK = 'META';
export const YEARS_SK = 'YEARS';

export const typeGsiPk = (type: string) => `TYPE#${type}`;
export const yearGsiPk = (year: string) => `YEAR#${year}`;
export const telegramGsiPk = (number: string) => `TELEGRAM#${number.trim()}`;
export const dateIdSk = (date: string | null, id: string) =>
  `${sortDate(date)}#${id}`;

export type { QueryRole as PersonRole } from '#shared/query/filters.ts';
/** Roles a person can hold in a record, as stored in person-index keys. */
export { PERSON_ROLES } from '#shared/query/filters.ts';
