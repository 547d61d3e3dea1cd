/**
 * The I/O floor of ingestion: the storage work a minimal correct ingest of
 * the same pages must do, with nothing else around it, run like the
 * pipeline runs. The end-to-end time over this time is what the pipeline
 * adds (decoding, extraction, validation, the handler's own work, and any
 * request it makes beyond these).
 *
 * Like for like with the pipeline (bench/e2e.ts), on the same servers:
 * - the same uploads: the same bytes, the same number in flight, to a
 *   prefix the ingest notification ignores; each finished upload is handed
 *   to a queue, as the bucket notification hands it to SQS;
 * - the same queue: the embedded runtime's own dispatcher class
 *   (local/dispatcher.ts) with the options the runtime's is given, so the
 *   same batch size, batching window and batches in flight; the records of
 *   a batch run in parallel, as the ingest handler's BatchProcessor runs
 *   them;
 * - per page, in the order ingestObject does them (S3 and DynamoDB work
 *   interleaved across the pages in flight, as in the pipeline):
 *   1. GetItem of the record state, strongly consistent;
 *   2. GetObject of the page, body read to the end;
 *   3. PutItem of the content-hash item, `attribute_not_exists(PK)`;
 *   4. PutObject of the derived text, only for a page the pipeline wrote
 *      one for, of the same size;
 *   5. BatchWriteItem of the page's other items (audit events, person
 *      index, people directory, review queue: the items the pipeline
 *      batch-wrote for it), 25 per request, unprocessed items re-sent;
 *   6. PutItem of the record item, `attribute_not_exists(PK)`;
 *   the items are the pipeline's own, captured as it wrote them, into a
 *   fresh table of the same design.
 * Left out: decoding, extraction, SHA-256, validation, and the year-set
 * update (one UpdateItem per new year, not per page).
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import {
  type LocalEndpoints,
  localDynamoClient,
  localS3Client,
} from '#local/clients.ts';
import { memoryDeadLetters } from '#local/dead-letters.ts';
import { Dispatcher, type DispatcherOptions } from '#local/dispatcher.ts';
import { createTable } from '#shared/store/create-table.ts';

type Item = Record<string, AttributeValue>;

/** The floor in one paragraph, for the bench's output and BENCHMARKS.md. */
export const FLOOR_DEFINITION =
  "the same pages uploaded with the same uploads in flight (to a prefix that triggers nothing), each finished upload enqueued on the embedded runtime's own dispatcher class with the runtime's options (the same batch size, batching window and batches in flight; a batch's pages in parallel, as the handler's BatchProcessor runs them); per page, in the pipeline's order, only the I/O a minimal correct ingest needs: a strongly consistent GetItem of the record state, the GetObject of the page (read to the end), a conditional PutItem of the content-hash item, the derived-text PutObject only for pages the pipeline wrote one for (same size), the page's other items as the pipeline wrote them in one BatchWriteItem (25 per request), and a conditional PutItem of the record item, into a fresh table of the same design on the same servers; no decoding, extraction, hashing or validation.";

/** What the floor writes for one page (from the pipeline's own writes). */
export interface PagePlan {
  /** The content-hash item (`SHA256#…`), put conditionally. */
  hash: Item | null;
  /** The other items the pipeline wrote for the page, batch-written. */
  index: Item[];
  /** The record item (`DOC#…` / `RECORD`, last version), put conditionally. */
  record: Item | null;
  /** Bytes of the derived text the pipeline put, or null when it put none. */
  derivedBytes: number | null;
}

/** One item the pipeline wrote, with the document it was written for. */
export interface CapturedWrite {
  doc: string;
  item: Item;
}

/** The queue options the runtime's dispatcher was given (the same here). */
export type QueueOptions = Pick<
  DispatcherOptions,
  'concurrency' | 'batchSize' | 'batchWindowMs' | 'retryDelayMs'
>;

export interface FloorInput {
  endpoints: LocalEndpoints;
  /** The client the pipeline's uploads went through. */
  uploader: S3Client;
  bucket: string;
  derivedBucket: string;
  /** A prefix the ingest notification ignores (not `incoming/`). */
  prefix: string;
  /** A table name not used yet on the same server (created here). */
  table: string;
  pages: readonly Uint8Array[];
  /** What to write for page i (`plans[i]`); a missing plan writes nothing. */
  plans: readonly (PagePlan | undefined)[];
  /** Uploads in flight, as the pipeline's run. */
  uploadConcurrency: number;
  queue: QueueOptions;
}

export interface FloorResult {
  seconds: number;
  /** Requests the floor sent, by `Service:Operation` (uploads included). */
  requests: Record<string, number>;
  items: number;
  /** Handler invocations (batches) and the mean records per batch. */
  batches: number;
  meanBatch: number;
}

/**
 * Groups the pipeline's writes into one plan per document: the content
 * hash, the record item (last write wins), the rest to batch-write (one
 * per key); `derived` maps a document to the bytes of its derived text.
 */
export function planPages(
  writes: Iterable<CapturedWrite>,
  derived: ReadonlyMap<string, number> = new Map()
): Map<string, PagePlan> {
  const plans = new Map<string, PagePlan & { byKey: Map<string, Item> }>();
  for (const { doc, item } of writes) {
    let plan = plans.get(doc);
    if (!plan) {
      plan = {
        hash: null,
        index: [],
        record: null,
        derivedBytes: derived.get(doc) ?? null,
        byKey: new Map(),
      };
      plans.set(doc, plan);
    }
    const pk = item.PK?.S ?? '';
    const sk = item.SK?.S ?? '';
    if (pk.startsWith('SHA256#')) plan.hash = item;
    else if (pk.startsWith('DOC#') && sk === 'RECORD') plan.record = item;
    else plan.byKey.set(`${pk}\n${sk}`, item);
  }
  const out = new Map<string, PagePlan>();
  for (const [doc, { byKey, ...plan }] of plans) {
    out.set(doc, { ...plan, index: [...byKey.values()] });
  }
  return out;
}

/** Runs the floor once and returns its wall time (table creation excluded). */
export async function measureFloor(input: FloorInput): Promise<FloorResult> {
  const s3 = localS3Client(input.endpoints);
  const dynamodb = localDynamoClient(input.endpoints);
  const requests = new Map<string, number>();
  const count = (k: string) => requests.set(k, (requests.get(k) ?? 0) + 1);
  let items = 0;
  await createTable(dynamodb, input.table);

  const work = async (i: number): Promise<void> => {
    const plan = input.plans[i];
    const key = `${input.prefix}${i}.txt`;
    const docKey = plan?.record
      ? {
          PK: plan.record.PK as AttributeValue,
          SK: plan.record.SK as AttributeValue,
        }
      : { PK: { S: `DOC#floor-${i}` }, SK: { S: 'RECORD' } };
    count('DynamoDB:GetItem');
    await dynamodb.send(
      new GetItemCommand({
        TableName: input.table,
        Key: docKey,
        ConsistentRead: true,
      })
    );
    count('S3:GetObject');
    const got = await s3.send(
      new GetObjectCommand({ Bucket: input.bucket, Key: key })
    );
    const bytes = (await got.Body?.transformToByteArray()) ?? new Uint8Array();
    if (!plan) return;
    if (plan.hash) {
      count('DynamoDB:PutItem');
      items += 1;
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: input.table,
            Item: plan.hash,
            ConditionExpression: 'attribute_not_exists(PK)',
          })
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') {
          throw error;
        }
        // the same bytes under another key: read who owns them, as the
        // pipeline does
        count('DynamoDB:GetItem');
        await dynamodb.send(
          new GetItemCommand({
            TableName: input.table,
            Key: {
              PK: plan.hash.PK as AttributeValue,
              SK: plan.hash.SK as AttributeValue,
            },
            ConsistentRead: true,
          })
        );
      }
    }
    if (plan.derivedBytes !== null) {
      count('S3:PutObject');
      await s3.send(
        new PutObjectCommand({
          Bucket: input.derivedBucket,
          Key: `${input.prefix}derived/${i}.txt`,
          Body:
            bytes.length === plan.derivedBytes
              ? bytes
              : new Uint8Array(plan.derivedBytes).fill(0x61),
          ContentType: 'text/plain; charset=utf-8',
        })
      );
    }
    for (let k = 0; k < plan.index.length; k += 25) {
      let batch = plan.index
        .slice(k, k + 25)
        .map((Item) => ({ PutRequest: { Item } }));
      items += batch.length;
      while (batch.length > 0) {
        count('DynamoDB:BatchWriteItem');
        const out = await dynamodb.send(
          new BatchWriteItemCommand({ RequestItems: { [input.table]: batch } })
        );
        batch = (out.UnprocessedItems?.[input.table] ?? []) as typeof batch;
      }
    }
    if (plan.record) {
      count('DynamoDB:PutItem');
      items += 1;
      await dynamodb.send(
        new PutItemCommand({
          TableName: input.table,
          Item: plan.record,
          ConditionExpression: 'attribute_not_exists(PK)',
        })
      );
    }
  };

  const dispatcher = new Dispatcher({
    handler: async (event) => {
      await Promise.all(
        event.Records.map((r) => work((JSON.parse(r.body) as { i: number }).i))
      );
      return { batchItemFailures: [] };
    },
    deadLetters: memoryDeadLetters(),
    queueArn: `arn:aws:sqs:us-east-1:000000000000:floor-${randomUUID()}`,
    ...input.queue,
  });
  const limit = pLimit(input.uploadConcurrency);
  try {
    const started = performance.now();
    await Promise.all(
      input.pages.map((Body, i) =>
        limit(async () => {
          count('S3:PutObject (upload)');
          await input.uploader.send(
            new PutObjectCommand({
              Bucket: input.bucket,
              Key: `${input.prefix}${i}.txt`,
              Body,
              ContentType: 'text/plain; charset=utf-8',
            })
          );
          dispatcher.enqueue({ i });
        })
      )
    );
    await dispatcher.drain();
    const seconds = (performance.now() - started) / 1000;
    if (dispatcher.stats.deadLettered > 0 || dispatcher.stats.retried > 0) {
      throw new Error(
        `floor: ${dispatcher.stats.retried} retried, ${dispatcher.stats.deadLettered} dead-lettered`
      );
    }
    return {
      seconds,
      requests: Object.fromEntries(requests),
      items,
      batches: dispatcher.stats.batches,
      meanBatch: dispatcher.stats.deliveries / dispatcher.stats.batches,
    };
  } finally {
    await dispatcher.close();
    s3.destroy();
    dynamodb.destroy();
  }
}
