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
 * Sort key of a run's trail item: every event of one run in one item
 * (`EVENT#<event time>#run#<run id>`), written when a later run replaces
 * the record item that carried them. Deterministic per run, so writing it
 * again rewrites the same item. Readers order the events by the sort key
 * each would have as its own item (`eventSk`).
 */
export function trailSk(eventTime: string, runId: string): string {
  return `${EVENT_SK_PREFIX}${eventTime}#run#${runId}`;
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
 * indexes built from the record with its corrections applied; 5: the
 * record item's body compressed, one person item per person and document
 * holding its roles, the run's audit events carried by the record item;
 * 6: no year index keys (`GSI2PK`/`GSI2SK`: date ranges merge the type
 * partitions) and no year set, the text excerpt cut to `EXCERPT_BYTES`).
 * Record items carry the version they were indexed with; `archive
 * reprocess --stale` re-indexes older ones. Layout-5 items read and list
 * as they are (their year keys are ignored), so the re-index only
 * shrinks them.
 */
export const INDEX_VERSION = 6;

/** Sort-key date: the record's (partial) date, or `0000` when undated. */
export const sortDate = (date: string | null) => date ?? '0000';

/**
 * Past every undated `<date>#<id>` key (`0000#<id>`) and before every
 * dated one: the lower bound of a date range that leaves undated records
 * out.
 */
export const AFTER_UNDATED = '0000#\uffff';

/**
 * Person-item sort key: one item per person key and document
 * (`<date>#<id>`), holding every role the document gives the person.
 * (Layout 4 and older: one item per role, `<date>#<id>#<role>`.)
 */
export const personSk = (date: string | null, id: string) =>
  `${sortDate(date)}#${id}`;

/** Content-hash look-up: the first document seen with these bytes. */
export const contentHashPk = (sha256: string) => `SHA256#${sha256}`;
export const CONTENT_HASH_SK = 'DOC';

/**
 * The review queue: one item per record waiting for review, in a sparse
 * partition (`REVIEW#open` / `<event time>#<id>`: the time of the run's
 * event, the same on every re-delivery of it), so the queue is read
 * oldest first without scanning records. The record owns its entry like
 * its person-index items (written at commit, cleaned up when it leaves).
 */
export const REVIEW_OPEN_PK = 'REVIEW#open';
export const reviewSk = (eventTime: string, id: string) => `${eventTime}#${id}`;

export const typeGsiPk = (type: string) => `TYPE#${type}`;
export const telegramGsiPk = (number: string) => `TELEGRAM#${number.trim()}`;
export const dateIdSk = (date: string | null, id: string) =>
  `${sortDate(date)}#${id}`;

export type { QueryRole as PersonRole } from '#shared/query/filters.ts';
