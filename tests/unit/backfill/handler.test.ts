/**
 * The backfill-segment Lambda (functions/backfill) over mocked SDK
 * clients: scan pages become SendMessageBatch calls of at most 10, and an
 * invocation short of time returns where to continue.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dynamoSegmentScanner,
  sqsMessageSender,
} from '#functions/backfill/adapters.ts';
import { makeHandler } from '#functions/backfill/make-handler.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest-text';
const CURRENT = { parserVersion: '0.2.0', indexVersion: 5 };
const K1 = { PK: 'DOC#r22', SK: 'RECORD' };

/** Record items r<from>..r<to-1>, made by an older parser. */
function records(from: number, to: number) {
  return Array.from({ length: to - from }, (_, i) => {
    const n = from + i;
    return {
      PK: `DOC#r${n}`,
      SK: 'RECORD',
      documentId: `r${n}`,
      status: 'ok',
      parserVersion: '0.1.0',
      indexVersion: 5,
      record: { source: { bucket: 'raw', key: `incoming/r${n}.txt` } },
    };
  });
}

function handler() {
  return makeHandler({
    scanner: dynamoSegmentScanner(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
      'records'
    ),
    sender: sqsMessageSender(new SQSClient({ region: 'eu-west-1' }), QUEUE),
    current: CURRENT,
    sleep: async () => undefined,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

const START = {
  segment: 2,
  totalSegments: 8,
  selection: { mode: 'stale' },
};

/** Two pages: 23 records (of 40 items examined), then 5 (of 9). */
function twoPages() {
  ddb
    .on(ScanCommand)
    .resolves({ Items: [], ScannedCount: 0 })
    .on(ScanCommand, { ExclusiveStartKey: undefined })
    .resolves({ Items: records(0, 23), ScannedCount: 40, LastEvaluatedKey: K1 })
    .on(ScanCommand, { ExclusiveStartKey: K1 })
    .resolves({ Items: records(23, 28), ScannedCount: 9 });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
}

describe('backfill-segment handler', () => {
  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('scans its segment page by page and sends every record in batches of at most 10', async () => {
    // Prepare
    twoPages();

    // Act
    const result = await handler()(START);

    // Assess
    const scans = ddb.commandCalls(ScanCommand).map((c) => c.args[0].input);
    expect(scans).toHaveLength(2);
    for (const scan of scans) {
      expect(scan).toMatchObject({
        TableName: 'records',
        Segment: 2,
        TotalSegments: 8,
      });
      expect(scan.ProjectionExpression).toBeTruthy();
      expect(scan.FilterExpression).toContain('#sk = :sk');
    }
    expect(scans[1]?.ExclusiveStartKey).toEqual(K1);
    const batches = sqs
      .commandCalls(SendMessageBatchCommand)
      .map((c) => c.args[0].input);
    expect(batches.map((b) => b.Entries?.length)).toEqual([10, 10, 3, 5]);
    for (const b of batches) {
      expect(b.QueueUrl).toBe(QUEUE);
      const ids = b.Entries?.map((e) => e.Id);
      expect(new Set(ids).size).toBe(ids?.length);
    }
    const keys = batches.flatMap((b) =>
      (b.Entries ?? []).map(
        (e) => (JSON.parse(e.MessageBody ?? '') as { key: string }).key
      )
    );
    expect(keys).toEqual(records(0, 28).map((r) => r.record.source.key));
    expect(JSON.parse(batches[0]?.Entries?.[0]?.MessageBody ?? '')).toEqual({
      type: 'reprocess',
      bucket: 'raw',
      key: 'incoming/r0.txt',
      force: true,
    });
    expect(result).toEqual({
      ...START,
      startKey: null,
      done: true,
      counts: { scanned: 49, selected: 28, enqueued: 28, skipped: 0 },
    });
  });

  it('stops at a page boundary when its time runs short, and the next invocation goes on from there', async () => {
    // Prepare
    twoPages();
    const short = { getRemainingTimeInMillis: () => 30_000 };

    // Act
    const first = await handler()(START, short);
    const second = await handler()(first, short);

    // Assess
    expect(first).toMatchObject({
      startKey: K1,
      done: false,
      counts: { scanned: 40, selected: 23, enqueued: 23, skipped: 0 },
    });
    expect(second).toMatchObject({
      startKey: null,
      done: true,
      counts: { scanned: 49, selected: 28, enqueued: 28, skipped: 0 },
    });
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .reduce((n, c) => n + (c.args[0].input.Entries?.length ?? 0), 0);
    expect(sent).toBe(28);
  });

  it('sends the entries SQS refused again, and fails on one it can never take', async () => {
    // Prepare
    ddb.on(ScanCommand).resolves({ Items: records(0, 3), ScannedCount: 3 });
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [
          { Id: '1', Code: 'InternalError', SenderFault: false, Message: 'x' },
        ],
      })
      .resolves({ Successful: [], Failed: [] });

    // Act
    const result = await handler()(START);

    // Assess
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => e.Id)).toEqual(['1']);
    expect(result.counts.enqueued).toBe(3);

    // Prepare: a message the queue refuses for good
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [
        {
          Id: '0',
          Code: 'InvalidMessageContents',
          SenderFault: true,
          Message: 'bad',
        },
      ],
    });

    // Act + Assess
    await expect(handler()(START)).rejects.toThrow(
      'the queue refused 1 message(s): InvalidMessageContents: bad'
    );
  });

  it('rejects a segment outside its total, naming it', async () => {
    // Act + Assess
    await expect(
      handler()({ ...START, segment: 8, totalSegments: 8 })
    ).rejects.toThrow('segment 8 is not below totalSegments 8');
    await expect(handler()({ segment: 0 })).rejects.toThrow('totalSegments');
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });
});
