/**
 * The lite AWS clients (shared/aws-lite/) against real wire-protocol
 * servers (dynalite, s3rver): the same ingest handler, store and source
 * code run once on the SDK clients and once on the lite ones, each into
 * its own table, and must leave the same items and read back the same
 * answers.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  PutObjectCommand as SdkPutObject,
  type S3Client as SdkS3Client,
} from '@aws-sdk/client-s3';
import {
  type DynamoDBDocumentClient as SdkDocumentClient,
  GetCommand as SdkGet,
  PutCommand as SdkPut,
  ScanCommand as SdkScan,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '#shared/aws-lite/client-dynamodb.ts';
import { GetObjectCommand, S3Client } from '#shared/aws-lite/client-s3.ts';
import {
  DynamoDBDocumentClient,
  PutCommand,
} from '#shared/aws-lite/lib-dynamodb.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import { createTable } from '#shared/store/create-table.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import { decodeRecordItem } from '#shared/store/record-codec.ts';
import { isConditionFailure } from '#shared/store/table-io.ts';
import { s3Notification, sqsEvent, sqsRecord } from './helpers/events.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const MAX_BYTES = 1024 * 1024;

/** The origin an SDK client was configured with. */
async function endpointOf(client: { config: { endpoint?: unknown } }) {
  const provider = client.config.endpoint as () => Promise<{
    protocol: string;
    hostname: string;
    port?: number;
  }>;
  const { protocol, hostname, port } = await provider();
  return `${protocol}//${hostname}${port ? `:${port}` : ''}`;
}

/** Values that differ between two runs of the same ingest (times, ids). */
function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
      .replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
        '<uuid>'
      );
  }
  if (value instanceof Uint8Array) return '<bytes>';
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Set) return [...value].map(normalize).sort();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // a run's id is random (shared/pipeline)
        .map(([k, v]) => [k, k === 'runId' ? '<run>' : normalize(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b)))
    );
  }
  return value;
}

const PAGES = [
  { key: 'incoming/lite/seed.txt', file: 'fixtures/pages/seed.txt' },
  {
    key: 'incoming/lite/feng xi+1950.txt',
    file: 'fixtures/pages/telegram-feng-xi-1950.txt',
  },
  { key: 'incoming/lite/page.html', file: 'fixtures/decode/archive-page.html' },
];

describe('aws-lite clients (dynalite + s3rver)', () => {
  let stack: LocalStack;
  let liteDynamo: DynamoDBClient;
  let liteDb: DynamoDBDocumentClient;
  let liteS3: S3Client;
  const liteTable = 'records-lite';
  const sdkStoreOn = (table: string) =>
    new DynamoDocumentStore(stack.db, table);
  const liteStoreOn = (table: string) =>
    new DynamoDocumentStore(liteDb as unknown as SdkDocumentClient, table);

  beforeAll(async () => {
    stack = await startLocalStack();
    await createTable(stack.dynamo, liteTable);
    const region = 'us-east-1';
    liteDynamo = new DynamoDBClient({
      endpoint: await endpointOf(stack.dynamo),
      region,
      credentials,
    });
    liteDb = DynamoDBDocumentClient.from(liteDynamo, {
      marshallOptions: { removeUndefinedValues: true },
    });
    liteS3 = new S3Client({
      endpoint: await endpointOf(stack.s3),
      region,
      credentials,
      forcePathStyle: true,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Ingests PAGES twice (the second a re-delivery) into `table`. */
  async function ingestAll(
    s3: SdkS3Client,
    db: SdkDocumentClient,
    table: string
  ) {
    const handler = makeHandler({
      objects: new S3ObjectSource(s3, { derivedBucket: stack.derivedBucket }),
      store: new DynamoDocumentStore(db, table),
      limits: { maxBytes: MAX_BYTES },
      logger: new Logger({ serviceName: 'lite-test', logLevel: 'SILENT' }),
      agent: 'lite-test',
    });
    const records = [];
    for (const [i, page] of PAGES.entries()) {
      const bytes = readFileSync(page.file);
      const put = await stack.s3.send(
        new SdkPutObject({
          Bucket: stack.rawBucket,
          Key: page.key,
          Body: bytes,
        })
      );
      records.push(
        sqsRecord(
          s3Notification({
            bucket: stack.rawBucket,
            key: page.key,
            eTag: (put.ETag ?? '').replace(/"/g, ''),
            size: bytes.length,
            sequencer: `0000000000000000100000${String(i).padStart(2, '0')}00000000`,
          })
        )
      );
    }
    const first = await handler(sqsEvent(...records));
    const again = await handler(sqsEvent(...records));
    return { first, again };
  }

  async function tableItems(table: string) {
    const out = await stack.db.send(new SdkScan({ TableName: table }));
    return (out.Items ?? [])
      .map((i) => (i.SK === 'RECORD' ? decodeRecordItem(i) : i))
      .map(normalize)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  it('runs the ingest handler (commit, re-delivery) to the same items as the SDK clients', async () => {
    // Act
    const sdk = await ingestAll(stack.s3, stack.db, stack.tableName);
    const lite = await ingestAll(
      liteS3 as unknown as SdkS3Client,
      liteDb as unknown as SdkDocumentClient,
      liteTable
    );

    // Assess
    expect(lite.first.batchItemFailures).toEqual([]);
    expect(lite.again.batchItemFailures).toEqual([]);
    expect(sdk.first.batchItemFailures).toEqual([]);
    const [sdkItems, liteItems] = await Promise.all([
      tableItems(stack.tableName),
      tableItems(liteTable),
    ]);
    expect(liteItems.length).toBeGreaterThan(PAGES.length * 3);
    expect(liteItems).toEqual(sdkItems);
    const html = await liteStoreOn(liteTable).getRecord(
      documentIdFor(stack.rawBucket, PAGES[2]!.key)
    );
    expect(html?.status).toBe('ok');
    expect(html?.text?.uri).toMatch(/^s3:\/\/derived\//);
  });

  it('reads back what the SDK reads: records, BatchGet, queries by type, person and year, the audit trail', async () => {
    // Prepare
    const ids = PAGES.map((p) => documentIdFor(stack.rawBucket, p.key));
    const sdkStore = sdkStoreOn(liteTable);
    const liteStore = liteStoreOn(liteTable);
    const reads = async (store: DynamoDocumentStore) => {
      const seed = await store.getRecord(ids[0]!);
      const person = seed?.authors[0];
      return {
        seed,
        state: await store.getState(ids[1]!),
        batch: (await store.getRecords([...ids, 'missing-id'])).sort((a, b) =>
          a.id.localeCompare(b.id)
        ),
        byType: await store.queryByType(seed?.documentType ?? 'telegram', {
          limit: 1,
        }),
        byYear: await store.queryByYearRange('1900', '2000', { limit: 2 }),
        person: person ? await store.queryByPerson(person, { limit: 5 }) : null,
        audit: await store.getAuditTrail(ids[0]!),
        list: await store.listRecords({ limit: 2 }),
      };
    };

    // Act
    const [viaSdk, viaLite] = await Promise.all([
      reads(sdkStore),
      reads(liteStore),
    ]);

    // Assess
    expect(viaLite.seed?.id).toBe(ids[0]);
    expect(viaLite.batch.map((r) => r.id)).toEqual([...ids].sort());
    expect(viaLite.byType.items).toHaveLength(1);
    expect(viaLite.audit.length).toBeGreaterThan(0);
    expect(viaLite.person?.items.length).toBeGreaterThan(0);
    expect(viaLite).toEqual(viaSdk);
  });

  it('throws a failed condition as the SDK does (name, class, status), which the store recognises', async () => {
    // Prepare
    const item = { PK: 'LITE#cond', SK: 'X', n: 1, skip: undefined };
    await liteDb.send(new PutCommand({ TableName: liteTable, Item: item }));

    // Act
    const error = await liteDb
      .send(
        new PutCommand({
          TableName: liteTable,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        })
      )
      .catch((e: unknown) => e);
    const sdkError = await stack.db
      .send(
        new SdkPut({
          TableName: liteTable,
          Item: { PK: 'LITE#cond', SK: 'X' },
          ConditionExpression: 'attribute_not_exists(PK)',
        })
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(isConditionFailure(error)).toBe(true);
    expect((error as Error).name).toBe((sdkError as Error).name);
    expect((error as { $metadata: unknown }).$metadata).toMatchObject({
      httpStatusCode: 400,
      attempts: 1,
    });
  });

  it('marshals every value type as lib-dynamodb does, both ways', async () => {
    // Prepare
    const item = {
      PK: 'LITE#types',
      SK: 'ALL',
      s: 'text ü',
      n: 12.5,
      big: 2n ** 60n,
      t: true,
      z: null,
      b: new Uint8Array([0, 1, 2, 255]),
      l: [1, 'a', undefined, { m: 'x' }],
      m: { inner: { deeper: [false] }, gone: undefined },
      ss: new Set(['a', 'b']),
      ns: new Set([1, 2]),
      bs: new Set([new Uint8Array([9])]),
    };

    // Act
    await liteDb.send(new PutCommand({ TableName: liteTable, Item: item }));
    const viaSdk = await stack.db.send(
      new SdkGet({ TableName: liteTable, Key: { PK: 'LITE#types', SK: 'ALL' } })
    );
    const viaLite = await liteDb.send(
      new SdkGet({ TableName: liteTable, Key: { PK: 'LITE#types', SK: 'ALL' } })
    );

    // Assess
    expect(viaSdk.Item).toEqual({
      ...item,
      l: [1, 'a', { m: 'x' }],
      m: { inner: { deeper: [false] } },
    });
    expect(viaLite.Item).toEqual(viaSdk.Item);
    await expect(
      liteDb.send(
        new PutCommand({
          TableName: liteTable,
          Item: { PK: 'x', SK: 'y', n: 2 ** 60 },
        })
      )
    ).rejects.toThrow(/MAX_SAFE_INTEGER/);
  });

  it('reads an object by version, to a byte limit, with its SHA-256, and writes derived text', async () => {
    // Prepare
    const source = new S3ObjectSource(liteS3 as unknown as SdkS3Client, {
      derivedBucket: stack.derivedBucket,
    });
    const sdkSource = new S3ObjectSource(stack.s3, {
      derivedBucket: stack.derivedBucket,
    });
    const key = 'incoming/lite/bytes (1)+ü.txt';
    const body = 'héllo '.repeat(50);
    await stack.s3.send(
      new SdkPutObject({
        Bucket: stack.rawBucket,
        Key: key,
        Body: body,
        Metadata: { sha256: 'declared' },
      })
    );
    const location = { bucket: stack.rawBucket, key };

    // Act
    const small = await source.getObject(location, { maxBytes: 10 });
    const whole = await source.getObject(location, { maxBytes: MAX_BYTES });
    const viaSdk = await sdkSource.getObject(location, { maxBytes: MAX_BYTES });
    const uri = await source.putDerivedText('doc-1', 'abc', 'dérivé');
    const missing = await source
      .getObject({ ...location, key: 'incoming/lite/none' }, { maxBytes: 10 })
      .catch((e: unknown) => e);

    // Assess
    expect(small.bytes).toBeNull();
    expect(small.sha256).toBe(whole.sha256);
    expect(whole).toEqual(viaSdk);
    expect(Buffer.from(whole.bytes!).toString('utf8')).toBe(body);
    expect(whole.metadata.declaredSha256).toBe('declared');
    expect(await sdkSource.getDerivedText(uri)).toBe('dérivé');
    expect(await source.getDerivedText(uri)).toBe('dérivé');
    expect((missing as Error).name).toBe('NotFoundError');
    const withVersion = await liteS3.send(
      new GetObjectCommand({
        Bucket: stack.rawBucket,
        Key: key,
        VersionId: viaSdk.metadata.versionId ?? 'null',
      })
    );
    expect(
      await (
        withVersion.Body as { transformToString(): Promise<string> }
      ).transformToString()
    ).toBe(body);
  });
});
