/**
 * Ingest benchmark: pages per second through the ingest handler (SQS
 * batches of 10, as Lambda receives them) against in-process dynalite and
 * s3rver, and the DynamoDB write cost per page (items and request bytes of
 * every write the store sends: audit events, index items, record item).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import { createTable } from '#shared/store/create-table.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';

export interface IngestBenchResult {
  pagesPerSecond: number;
  itemsPerPage: number;
  bytesWrittenPerPage: number;
}

const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * Ingests `pages` copies of the project's sample pages (each made unique)
 * and measures throughput and write cost.
 */
export async function benchIngest(pages = 200): Promise<IngestBenchResult> {
  // s3rver accepts only its own fixed key pair
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const dyn = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dyn.listen(0, '127.0.0.1', resolve));
  const directory = await mkdtemp(join(tmpdir(), 'bench-s3-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'raw' }, { name: 'derived' }],
  });
  const s3Port = (await s3rver.run()).port;
  const dynamo = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(dyn.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials,
  });
  const s3 = createS3Client({
    endpoint: `http://127.0.0.1:${s3Port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
  });

  // count every write the store sends, with its request size
  let itemsWritten = 0;
  let bytesWritten = 0;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const op = context.commandName?.replace(/Command$/, '') ?? '';
      const body = (args.request as { body?: unknown }).body;
      if (WRITE_OPS.has(op) || op === 'BatchWriteItem') {
        bytesWritten +=
          typeof body === 'string'
            ? Buffer.byteLength(body)
            : body instanceof Uint8Array
              ? body.length
              : 0;
        if (op === 'BatchWriteItem') {
          const input = args.input as {
            RequestItems?: Record<string, unknown[]>;
          };
          for (const list of Object.values(input.RequestItems ?? {})) {
            itemsWritten += list.length;
          }
        } else {
          itemsWritten += 1;
        }
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchWriteCounter' }
  );

  try {
    await createTable(dynamo, 'records');
    const handler = makeHandler({
      objects: new S3ObjectSource(s3, { derivedBucket: 'derived' }),
      store: new DynamoDocumentStore(createDocumentClient(dynamo), 'records'),
      logger: new Logger({ logLevel: 'SILENT' }),
      agent: 'bench',
    });
    const samples = await samplePages();
    const keys: string[] = [];
    for (let i = 0; i < pages; i += 1) {
      const key = `incoming/bench/page-${i}.txt`;
      const text = `${samples[i % samples.length]}\n[bench copy ${i}]\n`;
      await s3.send(
        new PutObjectCommand({ Bucket: 'raw', Key: key, Body: text })
      );
      keys.push(key);
    }
    itemsWritten = 0;
    bytesWritten = 0;
    const started = performance.now();
    for (let i = 0; i < keys.length; i += 10) {
      const batch = keys.slice(i, i + 10).map((key, j) => message(key, i + j));
      const { batchItemFailures } = await handler({ Records: batch });
      if (batchItemFailures.length > 0) {
        throw new Error(`bench: ${batchItemFailures.length} messages failed`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      pagesPerSecond: round(pages / seconds),
      itemsPerPage: round(itemsWritten / pages),
      bytesWrittenPerPage: Math.round(bytesWritten / pages),
    };
  } finally {
    s3.destroy();
    dynamo.destroy();
    await s3rver.close();
    await new Promise<void>((resolve) => dyn.close(() => resolve()));
    await rm(directory, { recursive: true, force: true });
  }
}

async function samplePages(): Promise<string[]> {
  const dir = 'fixtures/pages';
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
}

function message(key: string, n: number): SQSRecord {
  const body = {
    Records: [
      {
        eventSource: 'aws:s3',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: 'raw' },
          object: {
            key: encodeURIComponent(key).replace(/%2F/g, '/'),
            sequencer: (0x1000 + n).toString(16).toUpperCase(),
          },
        },
      },
    ],
  };
  return {
    messageId: `bench-${n}`,
    receiptHandle: `bench-${n}`,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'bench',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench',
    awsRegion: 'us-east-1',
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

// `tsx bench/ingest.ts` runs it alone
if (import.meta.url === `file://${process.argv[1]}`) {
  benchIngest().then((r) => console.log(JSON.stringify(r)));
}
