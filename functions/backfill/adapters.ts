/**
 * (adapters) The backfill's two ports over the AWS SDK: a DynamoDB
 * parallel-scan segment, page by page, and an SQS queue taking batches of
 * reprocess messages. The Lambda and the embedded runtime
 * (local/backfill.ts) scan through the same adapter.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type DynamoDBDocumentClient,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ItemKey,
  MessageSender,
  ProjectedRecord,
  SegmentScanner,
} from '#shared/backfill/index.ts';

/**
 * Scans one page of a segment: `Segment`/`TotalSegments`, the backfill's
 * projection and filter, from the start key.
 *
 * @param db a document client (plain JS values)
 * @param tableName the records table
 * @param options `pageLimit`: items examined per page (default: DynamoDB's
 *   1 MB page; tests make pages small)
 */
export function dynamoSegmentScanner(
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { pageLimit?: number } = {}
): SegmentScanner {
  return {
    async page({ segment, totalSegments, spec, startKey }) {
      const out = await db.send(
        new ScanCommand({
          TableName: tableName,
          Segment: segment,
          TotalSegments: totalSegments,
          ...spec,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          ...(options.pageLimit ? { Limit: options.pageLimit } : {}),
        })
      );
      return {
        items: (out.Items ?? []) as ProjectedRecord[],
        scannedCount: out.ScannedCount ?? 0,
        lastKey: (out.LastEvaluatedKey as ItemKey | undefined) ?? null,
      };
    },
  };
}

/**
 * Sends batches with `SendMessageBatch`; the entries SQS refuses come back
 * (a whole-call error is the SDK's to retry, then the caller's).
 *
 * @param sqs an SQS client
 * @param queueUrl the text ingest queue
 */
export function sqsMessageSender(
  sqs: SQSClient,
  queueUrl: string
): MessageSender {
  return {
    async sendBatch(entries) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((e) => ({
            Id: e.id,
            MessageBody: JSON.stringify(e.message),
          })),
        })
      );
      return {
        refused: (out.Failed ?? []).map((f) => ({
          id: f.Id ?? '',
          reason: `${f.Code ?? 'error'}: ${f.Message ?? ''}`.trim(),
          senderFault: f.SenderFault ?? false,
        })),
      };
    },
  };
}
