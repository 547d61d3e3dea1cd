/**
 * DynamoDB adapter of the document store: the write side of the ingest use
 * case (`DocumentStore`), review changes (`ReviewStore`) and the read API
 * the query service builds on. A facade: each concern lives in its module
 * (docs/STORE.md):
 *
 * - keys.ts: key formats; table-design.ts: the table and its GSIs;
 * - items.ts: item shapes and the index items a record owns;
 * - record-codec.ts: the record item as stored (compressed body);
 * - commit.ts: commit, review changes, source deletion, clean-up;
 * - audit-trail.ts: the events of each run, and reading the trail;
 * - record-reads.ts: records by id, listings by type and telegram;
 * - date-listing.ts: listings and facet rows by date range (the type
 *   partitions merged);
 * - review-reads.ts: corrections, the reviewed marker, the review queue;
 * - person-reads.ts: person search, the person index and the directory;
 * - table-io.ts: batched and paged requests shared by all of them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuditEvent,
  CommitRequest,
  CommitResult,
  DocumentStore,
  RecordState,
} from '#shared/pipeline/ports.ts';
import type {
  FacetRow,
  RecordReview,
  ReviewChange,
  ReviewQueuePage,
  ReviewStore,
} from '#shared/query/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { getAuditTrail } from './audit-trail.ts';
import { RecordWriter } from './commit.ts';
import * as dates from './date-listing.ts';
import { recordOf, toRecordState } from './items.ts';
import type { PersonRole } from './keys.ts';
import * as people from './person-reads.ts';
import * as records from './record-reads.ts';
import * as review from './review-reads.ts';
import {
  type DateRange,
  getRecordItem,
  type Page,
  type PageOptions,
  type TableContext,
} from './table-io.ts';

export type { PersonHit } from './person-reads.ts';
export type { DateRange, Page, PageOptions } from './table-io.ts';

/** Wraps a low-level client with the marshalling the store relies on. */
export function createDocumentClient(
  client: DynamoDBClient = new DynamoDBClient({})
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

type PersonOptions = DateRange & PageOptions & { role?: PersonRole };

export class DynamoDocumentStore implements DocumentStore, ReviewStore {
  private readonly t: TableContext;
  private readonly writer: RecordWriter;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.t = { db, tableName };
    this.writer = new RecordWriter(this.t);
  }

  // ---- write side (DocumentStore, ReviewStore) -------------------------

  async getState(id: string): Promise<RecordState | null> {
    const item = await getRecordItem(this.t, id);
    return item ? toRecordState(item) : null;
  }

  claimContentHash(sha256: string, id: string): Promise<string> {
    return this.writer.claimContentHash(sha256, id);
  }

  commit(request: CommitRequest): Promise<CommitResult> {
    return this.writer.commit(request);
  }

  markSourceDeleted(
    id: string,
    change: {
      revision: number;
      sequencer: string | null;
      eventTime: string;
      event: AuditEvent;
    }
  ): Promise<boolean> {
    return this.writer.markSourceDeleted(id, change);
  }

  finishPendingCleanup(id: string): Promise<void> {
    return this.writer.finishPendingCleanup(id);
  }

  /** Review-queue entries a killed process left unowned; returns how many. */
  dropUnownedQueueEntries(before: string): Promise<number> {
    return this.writer.dropUnownedQueueEntries(before);
  }

  /** Every clean-up a killed process left undone; returns how many. */
  finishAllPendingCleanups(): Promise<number> {
    return this.writer.finishAllPendingCleanups();
  }

  saveReview(id: string, change: ReviewChange): Promise<boolean> {
    return this.writer.saveReview(id, change);
  }

  // ---- records ---------------------------------------------------------

  /** The record of `id` (corrections applied), or null. */
  async getRecord(id: string): Promise<DocumentRecord | null> {
    const item = await getRecordItem(this.t, id);
    return item ? recordOf(item) : null;
  }

  getRecords(ids: readonly string[]): Promise<DocumentRecord[]> {
    return records.getRecords(this.t, ids);
  }

  getRecordReview(id: string): Promise<RecordReview | null> {
    return review.getRecordReview(this.t, id);
  }

  listCorrected(): Promise<Map<string, RecordReview>> {
    return review.listCorrected(this.t);
  }

  reviewQueue(
    options: { limit?: number; cursor?: string | null } = {}
  ): Promise<ReviewQueuePage> {
    return review.reviewQueue(this.t, options);
  }

  getAuditTrail(id: string): Promise<AuditEvent[]> {
    return getAuditTrail(this.t, id);
  }

  queryByType(
    type: string,
    options: DateRange & PageOptions = {}
  ): Promise<Page<DocumentRecord>> {
    return records.queryByType(this.t, type, options);
  }

  queryByYearRange(
    from?: string,
    to?: string,
    options: PageOptions = {}
  ): Promise<Page<DocumentRecord>> {
    return dates.queryByYearRange(this.t, from, to, options);
  }

  queryByTelegram(number: string): Promise<DocumentRecord[]> {
    return records.queryByTelegram(this.t, number);
  }

  facetRows(
    source: { type?: string } & DateRange,
    limit: number
  ): Promise<{ rows: FacetRow[]; complete: boolean }> {
    return dates.facetRows(this.t, source, limit);
  }

  facetRowsOf(ids: readonly string[]): Promise<FacetRow[]> {
    return records.facetRowsOf(this.t, ids);
  }

  listRecords(
    options: PageOptions & {
      status?: DocumentRecord['status'];
      staleIndex?: boolean;
    } = {}
  ): Promise<Page<DocumentRecord>> {
    return records.listRecords(this.t, options);
  }

  // ---- people ----------------------------------------------------------

  resolvePerson(name: string): Promise<string[]> {
    return people.resolvePerson(this.t, name);
  }

  queryByPerson(
    name: string,
    options: PersonOptions = {}
  ): Promise<Page<people.PersonHit>> {
    return people.queryByPerson(this.t, name, options);
  }

  queryByPersonKeys(
    keys: readonly string[],
    options: PersonOptions = {},
    binding?: unknown
  ): Promise<Page<people.PersonHit>> {
    return people.queryByPersonKeys(this.t, keys, options, binding);
  }

  personEntries(key: string): Promise<people.PersonHit[]> {
    return people.personEntries(this.t, key);
  }

  listPersonKeys(
    options: PageOptions & { prefix?: string } = {}
  ): Promise<Page<string>> {
    return people.listPersonKeys(this.t, options);
  }
}
