/**
 * Wires the ingest handler to a LocalStack the way the Lambda does, plus
 * the test steps: upload with the real S3 client, deliver S3-shaped events
 * through SQS-shaped batches, read the table back.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import type { RecordItem } from '#shared/store/items.ts';
import { docPk } from '#shared/store/keys.ts';
import { decodeRecordItem } from '#shared/store/record-codec.ts';
import {
  nextSequencer,
  type ObjectEventInput,
  s3Notification,
  sqsEvent,
  sqsRecord,
} from './events.ts';
import type { LocalStack } from './local-stack.ts';

export interface Uploaded {
  bucket: string;
  key: string;
  eTag: string;
  size: number;
  sequencer: string;
}

export type Harness = ReturnType<typeof createHarness>;

export function createHarness(
  stack: LocalStack,
  options: { maxBytes?: number } = {}
) {
  const store = new DynamoDocumentStore(stack.db, stack.tableName);
  const objects = new S3ObjectSource(stack.s3, {
    derivedBucket: stack.derivedBucket,
  });
  const handler = makeHandler({
    objects,
    store,
    limits: { maxBytes: options.maxBytes ?? 1024 * 1024 },
    logger: new Logger({ serviceName: 'ingest-test', logLevel: 'SILENT' }),
    agent: 'ingest-test',
  });

  /** Uploads with the real S3 client; returns what the S3 event would carry. */
  async function upload(
    key: string,
    body: Uint8Array | string,
    contentType?: string
  ): Promise<Uploaded> {
    const bytes =
      typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const out = await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.rawBucket,
        Key: key,
        Body: bytes,
        ...(contentType ? { ContentType: contentType } : {}),
      })
    );
    return {
      bucket: stack.rawBucket,
      key,
      eTag: (out.ETag ?? '').replace(/"/g, ''),
      size: bytes.length,
      sequencer: nextSequencer(),
    };
  }

  /** Delivers each body as one SQS message, all in one batch. */
  async function deliver(
    ...bodies: unknown[]
  ): Promise<SQSBatchResponse & { messageIds: string[] }> {
    const records = bodies.map((b) => sqsRecord(b));
    const response = await handler(sqsEvent(...records));
    return { ...response, messageIds: records.map((r) => r.messageId) };
  }

  /** The S3 notification for an upload (or a variation of it). */
  const created = (u: Uploaded, extra: Partial<ObjectEventInput> = {}) =>
    s3Notification({
      bucket: u.bucket,
      key: u.key,
      eTag: u.eTag,
      size: u.size,
      sequencer: u.sequencer,
      ...extra,
    });

  async function recordItem(key: string): Promise<RecordItem | null> {
    const out = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: {
          ':pk': docPk(documentIdFor(stack.rawBucket, key)),
          ':sk': 'RECORD',
        },
        ConsistentRead: true,
      })
    );
    // the stored item decoded (its body is compressed: record-codec.ts)
    const item = out.Items?.[0];
    return item ? decodeRecordItem(item) : null;
  }

  async function allItems(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await stack.db.send(
        new ScanCommand({
          TableName: stack.tableName,
          ExclusiveStartKey: start,
        })
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Every item that belongs to document `id` (own partition + index items). */
  async function itemsOf(id: string) {
    return (await allItems()).filter(
      (i) => i.PK === docPk(id) || i.documentId === id
    );
  }

  return {
    store,
    objects,
    handler,
    upload,
    deliver,
    created,
    recordItem,
    allItems,
    itemsOf,
  };
}
