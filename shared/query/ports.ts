/**
 * What the query service needs from the store. The DynamoDB adapter
 * (`DynamoDocumentStore` in shared/store) implements it as is; tests pass
 * a small in-memory fake.
 */
import type { Correction, Reviewed } from '#shared/corrections/index.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import type { QueryRole } from './filters.ts';

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface StorePageOptions {
  limit?: number;
  cursor?: string | null;
  /** Descending key order: newest date first. */
  newestFirst?: boolean;
}

/** One person-index entry: this document names the person in this role. */
export interface PersonHitView {
  documentId: string;
  role: string;
  date: string | null;
  documentType?: string;
  /** The name as the record writes it. */
  name?: string;
  /** Set when the entry is under this name because the page identifies one with the other. */
  identifiedAs?: string | null;
}

/**
 * What facet counts read of one ok record, from index entries and
 * projected attributes: never the whole record. `documentType` and
 * `people` are null/empty on items indexed before they were kept.
 */
export interface FacetRow {
  id: string;
  documentType: string | null;
  date: string | null;
  /** One written form per person named (identified names included). */
  people: string[];
}

export interface RecordReader {
  getRecord(id: string): Promise<DocumentRecord | null>;
  /** Records by id, missing ids left out, in the order asked. */
  getRecords(ids: readonly string[]): Promise<DocumentRecord[]>;
  /** Processing history, oldest first. */
  getAuditTrail(id: string): Promise<AuditEvent[]>;
  /**
   * The person keys a search for `name` means (any part of the name, any
   * spelling; the other spellings of each person found included).
   */
  resolvePerson(name: string): Promise<string[]>;
  /** Person-index entries of these keys merged, oldest first or `newestFirst`. */
  queryByPersonKeys(
    keys: readonly string[],
    options: { role?: QueryRole; from?: string; to?: string } & StorePageOptions
  ): Promise<Page<PersonHitView>>;
  /** Person-index entries (aliases included), oldest first or `newestFirst`. */
  queryByPerson(
    name: string,
    options: { role?: QueryRole; from?: string; to?: string } & StorePageOptions
  ): Promise<Page<PersonHitView>>;
  /** Ok records of one type, oldest first or `newestFirst`. */
  queryByType(
    type: string,
    options: { from?: string; to?: string } & StorePageOptions
  ): Promise<Page<DocumentRecord>>;
  /** Ok records in a date range, newest first (undated last, no bounds). */
  queryByYearRange(
    from: string | undefined,
    to: string | undefined,
    options: StorePageOptions
  ): Promise<Page<DocumentRecord>>;
  queryByTelegram(number: string): Promise<DocumentRecord[]>;
  /** Facet rows from the type index (`type`) or the year index, newest first. */
  facetRows(
    source: { type?: string; from?: string; to?: string },
    limit: number
  ): Promise<{ rows: FacetRow[]; complete: boolean }>;
  /** Facet rows of these records (projected; missing ids left out). */
  facetRowsOf(ids: readonly string[]): Promise<FacetRow[]>;
  /** Person keys of the directory, surname first, by `prefix` (a key form). */
  listPersonKeys(
    options: StorePageOptions & { prefix?: string }
  ): Promise<Page<string>>;
  /** Every person-index entry of one person key. */
  personEntries(key: string): Promise<PersonHitView[]>;
  /** Every record item, ok and failed, in no particular order. */
  listRecords(
    options: StorePageOptions & { status?: DocumentRecord['status'] }
  ): Promise<Page<DocumentRecord>>;
}

/** A record's review state as stored: the extraction and what people did to it. */
export interface RecordReview {
  /** The extraction as stored (corrections not applied). */
  extraction: DocumentRecord;
  /** Every correction, in order, with its status as of the last commit. */
  corrections: Correction[];
  reviewed: Reviewed | null;
  /** Optimistic-lock revision of the record item; a change is conditional on it. */
  revision: number;
}

/** One change a person makes to a record's review state. */
export interface ReviewChange {
  /** The revision read (`RecordReview.revision`): the write is conditional on it. */
  revision: number;
  /** The record's corrections after the change. */
  corrections: Correction[];
  reviewed: Reviewed | null;
  /** The audit event of the change (`corrected`, `reviewed`). */
  event: AuditEvent;
  /** Its key: the change's time and a short id (the same on a retry). */
  eventTime: string;
  eventId: string;
}

/** A record waiting for review, as the queue lists it. */
export interface ReviewQueueEntry {
  id: string;
  title: string | null;
  date: string | null;
  documentType: string;
  flags: string[];
  processedAt: string;
}

/** One page of the review queue, oldest first, with counts over the whole queue. */
export interface ReviewQueuePage extends Page<ReviewQueueEntry> {
  /** Records waiting, by flag (a record counts once per flag it has). */
  counts: Record<string, number>;
  /** Records waiting. */
  total: number;
}

/**
 * What review and correction need from the store (the DynamoDB adapter
 * implements it; a store without it serves a read-only query service).
 */
export interface ReviewStore {
  getRecordReview(id: string): Promise<RecordReview | null>;
  /**
   * Writes corrections and reviewed marker, re-indexes the record as
   * shown, and the change's audit event with it. False when the record
   * changed since `change.revision` was read (read again and retry).
   */
  saveReview(id: string, change: ReviewChange): Promise<boolean>;
  /** The records waiting for review, oldest first. */
  reviewQueue(options: {
    limit?: number;
    cursor?: string | null;
  }): Promise<ReviewQueuePage>;
}

/** Optional adapters for the record view. */
export interface RecordLinks {
  /** A URL the user can open for the source object (presigned or local). */
  sourceLink?(record: DocumentRecord): Promise<string | null>;
  /**
   * The text at a record's `text.uri` (a derived copy, or the source object
   * at its version); NotFoundError when it is gone. The service checks a
   * source read this way against the record's SHA-256 (`readRecordText`).
   */
  readText?(uri: string): Promise<string>;
}

/**
 * A snippet of decoded text around a match: `text` as shown (white space
 * folded, `…` where cut) and `marks`, the [start, end) offsets in `text`
 * of the matched words, so a page highlights them without building HTML.
 */
export interface Snippet {
  text: string;
  marks: [number, number][];
}

/** One full-text match. */
export interface TextHit {
  id: string;
  snippet: Snippet;
}

/** Full-text search over the decoded text (the embedded runtime's index; none on AWS). */
export interface TextIndex {
  /**
   * Records whose decoded text holds every word and phrase of `query`, at
   * most `limit`, each with a snippet.
   */
  search(query: string, limit: number): Promise<TextHit[]>;
  /**
   * Every record holding the words and phrases, without snippets, at most
   * `limit` (optional: a search over many records then reads texts only
   * to check phrases, and snippets only for the page shown).
   */
  matchIds?(query: string, limit: number): Promise<string[]>;
  /** Snippets of these records for `query`. */
  snippets?(
    query: string,
    ids: readonly string[]
  ): Promise<Record<string, Snippet>>;
}
