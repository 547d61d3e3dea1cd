/**
 * The I/O floor of ingestion: what the pipeline's storage work costs with
 * no pipeline around it. The same bytes put to and got from the same S3
 * server, the derived text put beside them, and the same DynamoDB items the
 * pipeline wrote batch-written (25 per request) to the same DynamoDB server,
 * with no decoding, extraction, validation or per-item conditions. The
 * end-to-end time over this time is the overhead the pipeline adds.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { createTable } from '#shared/store/create-table.ts';

export interface FloorInput {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  derivedBucket: string;
  /** A prefix the ingest notification ignores (not `incoming/`). */
  prefix: string;
  /** A table name not used yet on the same server (created here). */
  table: string;
  pages: readonly Uint8Array[];
  /** JSON Lines file of the marshalled items the pipeline wrote. */
  itemsFile: string;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface FloorResult {
  seconds: number;
  s3Seconds: number;
  dynamoSeconds: number;
  items: number;
  batchRequests: number;
}

/** Runs the floor once and returns its wall time (table creation excluded). */
export async function measureFloor(input: FloorInput): Promise<FloorResult> {
  await createTable(input.dynamodb, input.table);
  const items = await readItems(input.itemsFile);
  const limit = pLimit(input.concurrency);
  const started = performance.now();
  await Promise.all(
    input.pages.map((body, i) =>
      limit(async () => {
        const key = `${input.prefix}${i}.txt`;
        await input.s3.send(
          new PutObjectCommand({ Bucket: input.bucket, Key: key, Body: body })
        );
        const got = await input.s3.send(
          new GetObjectCommand({ Bucket: input.bucket, Key: key })
        );
        const bytes = await got.Body?.transformToByteArray();
        await input.s3.send(
          new PutObjectCommand({
            Bucket: input.derivedBucket,
            Key: key,
            Body: bytes ?? body,
          })
        );
      })
    )
  );
  const s3Done = performance.now();
  let batchRequests = 0;
  const batches: Record<string, AttributeValue>[][] = [];
  for (let i = 0; i < items.length; i += 25)
    batches.push(items.slice(i, i + 25));
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        let requests = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          batchRequests += 1;
          const out = await input.dynamodb.send(
            new BatchWriteItemCommand({
              RequestItems: { [input.table]: requests },
            })
          );
          requests = (out.UnprocessedItems?.[input.table] ??
            []) as typeof requests;
        }
      })
    )
  );
  const done = performance.now();
  return {
    seconds: (done - started) / 1000,
    s3Seconds: (s3Done - started) / 1000,
    dynamoSeconds: (done - s3Done) / 1000,
    items: items.length,
    batchRequests,
  };
}

/**
 * Items from the capture file, last write per key kept (a batch may not
 * hold the same key twice; the pipeline rewrites some items on purpose).
 */
async function readItems(
  file: string
): Promise<Record<string, AttributeValue>[]> {
  const byKey = new Map<string, Record<string, AttributeValue>>();
  const lines = createInterface({ input: createReadStream(file) });
  for await (const line of lines) {
    if (!line) continue;
    const item = JSON.parse(line) as Record<string, AttributeValue>;
    byKey.set(`${item.PK?.S}\n${item.SK?.S}`, item);
  }
  return [...byKey.values()];
}
