/**
 * The write side: record commit (the ingest use case's `DocumentStore`),
 * review changes, source deletion and the clean-up of index items a
 * record no longer owns. docs/STORE.md, "Write protocol", explains why
 * this is idempotent without transactions:
 *
 * 1. index items (person items, the review-queue entry, new directory
 *    items) in one BatchWriteItem: deterministic keys, so a re-delivery
 *    rewrites the same items; the item to replace is read alongside;
 * 2. the events the replaced item carried, as one trail item;
 * 3. the record item, carrying this run's events: the commit point,
 *    conditional on the revision read (or on the item not existing);
 * 4. deletes of the index items the previous version owned and this one
 *    does not (`pendingCleanup` until done).
 */
import {
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AuditEvent,
  CommitRequest,
  CommitResult,
} from '#shared/pipeline/ports.ts';
import type { ReviewChange } from '#shared/query/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { putEvent, type RunEvents, writeOutRun } from './audit-trail.ts';
import {
  directoryItems,
  facetAttributes,
  gsiAttributes,
  type ItemKey,
  indexedItems,
  keyString,
  type QueueItem,
  type RecordItem,
  recordItemKey,
  reviewAttributes,
  shownRecord,
  toRecordState,
  withoutIndexAttributes,
} from './items.ts';
import {
  CONTENT_HASH_SK,
  contentHashPk,
  RECORD_SK,
  REVIEW_OPEN_PK,
} from './keys.ts';
import { encodeRecordItem } from './record-codec.ts';
import {
  batchPut,
  deleteOwned,
  getRecordItem,
  isConditionFailure,
  queryAll,
  retrying,
  type TableContext,
} from './table-io.ts';

/** What a write indexes: the record as shown and the items it owns. */
type Indexed = ReturnType<typeof indexedItems>;

export class RecordWriter {
  /** Directory items this process has written (they never change). */
  private readonly directoryWritten = new Set<string>();

  constructor(private readonly t: TableContext) {}

  async claimContentHash(sha256: string, id: string): Promise<string> {
    const key = { PK: contentHashPk(sha256), SK: CONTENT_HASH_SK };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.t.db.send(
          new PutCommand({
            TableName: this.t.tableName,
            Item: { ...key, entity: 'content-hash', documentId: id, sha256 },
            ConditionExpression: 'attribute_not_exists(PK)',
          })
        );
        return id;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await this.t.db.send(
        new GetCommand({
          TableName: this.t.tableName,
          Key: key,
          ConsistentRead: true,
        })
      );
      if (typeof Item?.documentId === 'string') return Item.documentId;
    }
    throw new Error(`could not claim content hash ${sha256} for ${id}`);
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    const { record, previous } = request;
    const id = record.id;
    // the indexes are built from the record as shown: the extraction with
    // the corrections people made (re-evaluated by the use case)
    const corrections = request.corrections ?? previous?.corrections ?? [];
    const shown = shownRecord(record, corrections);
    const indexed = indexedItems(shown, previous?.reviewed, request.eventTime);
    const dropQueueEntry = () => this.dropRunQueueEntry(id, indexed);
    const [, previousItem] = await Promise.all([
      this.writeIndexItems(indexed),
      previous ? getRecordItem(this.t, id) : Promise.resolve(null),
    ]).catch(async (error: unknown) => {
      await dropQueueEntry();
      throw error;
    });
    const run: RunEvents = {
      eventTime: request.eventTime,
      runId: request.runId,
      events: [...request.events, request.finalEvent],
    };
    const { owned, stale } = ownership(indexed, previousItem);
    const revision = (previous?.revision ?? 0) + 1;
    const item: RecordItem = {
      ...recordItemKey(id),
      entity: 'record',
      documentId: id,
      status: record.status,
      parserVersion: record.parserVersion,
      record,
      processingKey: request.processingKey,
      sequencer: request.sequencer,
      revision,
      ownedKeys: owned,
      ...(stale.length > 0 ? { pendingCleanup: stale } : {}),
      run,
      updatedAt: record.processedAt,
      ...indexAttributes(corrections, indexed, shown.record),
    };
    const current = await this.replace(item, previous?.revision ?? null, {
      previousItem,
      owned,
      stale,
      beforePutFailed: dropQueueEntry,
    });
    return current === 'committed'
      ? { committed: true, revision }
      : { committed: false, current: current && toRecordState(current) };
  }

  /**
   * A commit that failed before its record item was put leaves its index
   * items behind. A retry of the same message rewrites the same keys (the
   * queue entry's holds the run's event time), but a retry that finds a
   * newer version stored stops before writing, so this run's queue entry
   * is deleted here: no stored version owns it (each run's event time
   * differs). Best effort: a process that died deletes nothing.
   */
  private async dropRunQueueEntry(id: string, indexed: Indexed): Promise<void> {
    await deleteOwned(this.t, id, indexed.queue).catch(() => undefined);
  }

  /**
   * Saves a review change like a commit: the record item is rewritten
   * with its corrections and reviewed marker (the extraction unchanged),
   * carrying the change's audit event. False when the revision moved.
   */
  async saveReview(id: string, change: ReviewChange): Promise<boolean> {
    const item = await getRecordItem(this.t, id);
    if (!item || item.revision !== change.revision) return false;
    const shown = shownRecord(item.record, change.corrections);
    const indexed = indexedItems(shown, change.reviewed, change.eventTime);
    await this.writeIndexItems(indexed);
    const { owned, stale } = ownership(indexed, item);
    const next: RecordItem = {
      ...withoutIndexAttributes(item),
      revision: item.revision + 1,
      ownedKeys: owned,
      ...(stale.length > 0 ? { pendingCleanup: stale } : {}),
      run: {
        eventTime: change.eventTime,
        runId: change.eventId,
        events: [change.event],
      },
      updatedAt: change.eventTime,
      ...indexAttributes(change.corrections, indexed, shown.record),
    };
    const outcome = await this.replace(next, item.revision, {
      previousItem: item,
      owned,
      stale,
    });
    return outcome === 'committed';
  }

  /**
   * Marks the record's source deleted: one UpdateItem of top-level
   * attributes (`sourceDeleted`, applied to the record when read; the
   * compressed body is not rewritten), conditional on the revision read,
   * then the `source-deleted` event as its own item.
   */
  async markSourceDeleted(
    id: string,
    change: {
      revision: number;
      sequencer: string | null;
      eventTime: string;
      event: AuditEvent;
    }
  ): Promise<boolean> {
    try {
      await this.t.db.send(
        new UpdateCommand({
          TableName: this.t.tableName,
          Key: recordItemKey(id),
          UpdateExpression:
            'SET #deleted = :true, #sequencer = :sequencer, #revision = :next, #updatedAt = :at',
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: {
            '#deleted': 'sourceDeleted',
            '#sequencer': 'sequencer',
            '#revision': 'revision',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':true': true,
            ':sequencer': change.sequencer,
            ':revision': change.revision,
            ':next': change.revision + 1,
            ':at': change.event.at,
          },
        })
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await putEvent(this.t, id, change.eventTime, 'removed', change.event);
    return true;
  }

  /**
   * Finishes what a committed run left undone (a crash or a lost response
   * after the record item was written): stale index items. Idempotent;
   * every re-delivery of a done object calls it.
   */
  async finishPendingCleanup(id: string): Promise<void> {
    const item = await getRecordItem(this.t, id);
    if (item?.pendingCleanup?.length) {
      await this.cleanup(id, item.pendingCleanup, item.revision);
    }
  }

  /**
   * Finishes every clean-up a committed run left undone (a process killed
   * between its record put and its clean-up, where no message is left to
   * be re-delivered: the embedded runtime's in-memory queue). One scan of
   * record items carrying `pendingCleanup`, keys only. Returns how many.
   */
  async finishAllPendingCleanups(): Promise<number> {
    let finished = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.t.db.send(
        new ScanCommand({
          TableName: this.t.tableName,
          FilterExpression: 'SK = :sk AND attribute_exists(pendingCleanup)',
          ExpressionAttributeValues: { ':sk': RECORD_SK },
          ProjectionExpression: 'documentId',
          ExclusiveStartKey: start,
        })
      );
      for (const item of out.Items ?? []) {
        if (typeof item.documentId !== 'string') continue;
        await this.finishPendingCleanup(item.documentId);
        finished += 1;
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return finished;
  }

  /**
   * Deletes review-queue entries no record item owns, among those queued
   * before `before` (the embedded runtime's start: entries of runs in
   * this process's life are left alone, their commits may be in flight).
   * A process killed between writing a run's entry and putting its record
   * leaves one; the object is enqueued again at start with a new event
   * time, so the re-run's entry has another key and would not replace it.
   * Returns how many were deleted.
   */
  async dropUnownedQueueEntries(before: string): Promise<number> {
    const entries = await queryAll<QueueItem>(this.t, {
      KeyConditionExpression: 'PK = :pk AND SK < :before',
      ExpressionAttributeValues: { ':pk': REVIEW_OPEN_PK, ':before': before },
      ProjectionExpression: 'PK, SK, documentId',
    });
    let dropped = 0;
    for (const entry of entries) {
      const owner = await getRecordItem(this.t, entry.documentId);
      const owned = new Set((owner?.ownedKeys ?? []).map(keyString));
      if (owned.has(keyString(entry))) continue;
      await deleteOwned(this.t, entry.documentId, [
        { PK: entry.PK, SK: entry.SK },
      ]);
      dropped += 1;
    }
    return dropped;
  }

  /**
   * Step 1: the index items of the record as shown and new directory
   * items (each written once per process: they never change).
   */
  private async writeIndexItems(indexed: Indexed): Promise<void> {
    const directory = directoryItems(indexed.people).filter(
      (d) => !this.directoryWritten.has(keyString(d))
    );
    await batchPut(this.t, [...indexed.people, ...indexed.queue, ...directory]);
    for (const d of directory) this.directoryWritten.add(keyString(d));
  }

  /**
   * Steps 2-4: writes out the replaced item's events, puts `item`
   * conditional on `revisionRead` (null: the item must not exist), then
   * cleans up. On a lost race deletes the index items only this write
   * owned and returns the winner's item.
   */
  private async replace(
    item: RecordItem,
    revisionRead: number | null,
    o: {
      previousItem: RecordItem | null;
      owned: ItemKey[];
      stale: ItemKey[];
      /** Undoes what must not outlive a write that failed before its put. */
      beforePutFailed?: () => Promise<void>;
    }
  ): Promise<'committed' | RecordItem | null> {
    // the events of the item this put replaces (not of a newer one read
    // after a race: its put fails, and that item keeps its events)
    if (o.previousItem && o.previousItem.revision === revisionRead) {
      await writeOutRun(this.t, o.previousItem).catch(async (error) => {
        await o.beforePutFailed?.();
        throw error;
      });
    }
    try {
      await this.t.db.send(
        new PutCommand({
          TableName: this.t.tableName,
          Item: encodeRecordItem(item),
          ...(revisionRead !== null
            ? {
                ConditionExpression: '#revision = :revision',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':revision': revisionRead },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        })
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // the winner's item, read with retries of its own: if this read
      // failed, the message's retry would find the winner stored and stop
      // before reaching here, and the items only this write owned would
      // stay behind with no record owning them
      const current = await retrying(() =>
        getRecordItem(this.t, item.documentId)
      );
      // index items this write made that the winner does not own
      const winnerOwns = new Set((current?.ownedKeys ?? []).map(keyString));
      await deleteOwned(
        this.t,
        item.documentId,
        o.owned.filter((k) => !winnerOwns.has(keyString(k)))
      );
      return current;
    }
    if (o.stale.length > 0) {
      await this.cleanup(item.documentId, o.stale, item.revision);
    }
    return 'committed';
  }

  private async cleanup(
    id: string,
    keys: readonly ItemKey[],
    revision: number
  ): Promise<void> {
    await deleteOwned(this.t, id, keys);
    try {
      await this.t.db.send(
        new UpdateCommand({
          TableName: this.t.tableName,
          Key: recordItemKey(id),
          UpdateExpression: 'REMOVE pendingCleanup',
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': revision },
        })
      );
    } catch (error) {
      // a newer commit took over; it carries the clean-up forward
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/**
 * The index items a record item owns now, and those of its previous
 * version (owned or still pending clean-up) it no longer needs.
 */
function ownership(
  indexed: Indexed,
  previous: Pick<RecordItem, 'ownedKeys' | 'pendingCleanup'> | null | undefined
): { owned: ItemKey[]; stale: ItemKey[] } {
  const owned = [...indexed.people, ...indexed.queue].map(({ PK, SK }) => ({
    PK,
    SK,
  }));
  const ownedSet = new Set(owned.map(keyString));
  const seen = new Map<string, ItemKey>();
  for (const k of [
    ...(previous?.ownedKeys ?? []),
    ...(previous?.pendingCleanup ?? []),
  ]) {
    if (!ownedSet.has(keyString(k))) {
      seen.set(keyString(k), { PK: k.PK, SK: k.SK });
    }
  }
  return { owned, stale: [...seen.values()] };
}

/** The attributes a record item carries for its indexes and the queue. */
function indexAttributes(
  corrections: Parameters<typeof reviewAttributes>[0],
  indexed: Indexed,
  view: DocumentRecord
) {
  return {
    ...reviewAttributes(corrections, indexed),
    ...facetAttributes(view),
    ...gsiAttributes(view),
  };
}
