/**
 * Review reads (docs/REVIEW.md): a record's extraction with its
 * corrections and reviewed marker, every corrected record (gold export),
 * and the review queue (`REVIEW#open`, oldest first, counts by flag).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordReview, ReviewQueuePage } from '#shared/query/ports.ts';
import type { QueueItem, RecordItem } from './items.ts';
import { RECORD_SK, REVIEW_OPEN_PK } from './keys.ts';
import { decodeRecordItem } from './record-codec.ts';
import {
  collect,
  getRecordItem,
  queryAll,
  type TableContext,
} from './table-io.ts';

/** The extraction, its corrections and reviewed marker, and the revision. */
export async function getRecordReview(
  t: TableContext,
  id: string
): Promise<RecordReview | null> {
  const item = await getRecordItem(t, id);
  return item ? reviewOf(item) : null;
}

const reviewOf = (item: RecordItem): RecordReview => ({
  extraction: item.record,
  corrections: item.corrections ?? [],
  reviewed: item.reviewed ?? null,
  revision: item.revision,
});

/**
 * Every record that carries corrections, with them (a scan of record
 * items filtered on `corrected`, or `corrections` in layout 4 and older).
 */
export async function listCorrected(
  t: TableContext
): Promise<Map<string, RecordReview>> {
  const found = new Map<string, RecordReview>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.db.send(
      new ScanCommand({
        TableName: t.tableName,
        FilterExpression:
          'SK = :sk AND (attribute_exists(#corrected) OR attribute_exists(#corrections))',
        ExpressionAttributeNames: {
          '#corrected': 'corrected',
          '#corrections': 'corrections',
        },
        ExpressionAttributeValues: { ':sk': RECORD_SK },
        ExclusiveStartKey: start,
      })
    );
    for (const raw of out.Items ?? []) {
      const item = decodeRecordItem(raw);
      found.set(item.documentId, reviewOf(item));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}

/**
 * The review queue, oldest first (`REVIEW#open`, sorted by processing
 * time), with counts by flag over the whole queue (its entries' `flags`
 * only: one Query of small items, never the records).
 */
export async function reviewQueue(
  t: TableContext,
  options: { limit?: number; cursor?: string | null } = {}
): Promise<ReviewQueuePage> {
  const page = await collect<QueueItem>(
    t,
    ['review-queue'],
    {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': REVIEW_OPEN_PK },
      ScanIndexForward: true,
    },
    options,
    (i) => ({ PK: i.PK, SK: i.SK })
  );
  const counts: Record<string, number> = {};
  const entries = await queryAll(t, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': REVIEW_OPEN_PK },
    ProjectionExpression: '#flags',
    ExpressionAttributeNames: { '#flags': 'flags' },
  });
  for (const entry of entries) {
    const flags = Array.isArray(entry.flags) ? entry.flags : [];
    for (const flag of flags) {
      counts[String(flag)] = (counts[String(flag)] ?? 0) + 1;
    }
  }
  return {
    items: page.items.map((i) => ({
      id: i.documentId,
      title: i.title,
      date: i.date,
      documentType: i.documentType,
      flags: i.flags,
      processedAt: i.processedAt,
    })),
    cursor: page.cursor,
    counts,
    total: entries.length,
  };
}
