/**
 * Starts dynalite and s3rver in-process on 127.0.0.1 (random ports), creates
 * the table from shared/store/table-design.ts and the buckets, and returns
 * clients configured for them. Call `close()` in afterAll.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createS3Client } from '#shared/sources/s3-source.ts';
import { createTable } from '#shared/store/create-table.ts';
import { createDocumentClient } from '#shared/store/dynamo-store.ts';

export interface LocalStack {
  s3: S3Client;
  dynamo: DynamoDBClient;
  db: DynamoDBDocumentClient;
  tableName: string;
  rawBucket: string;
  derivedBucket: string;
  close(): Promise<void>;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Starts both servers; each call gets fresh, empty ones. */
export async function startLocalStack(
  options: { tableName?: string } = {}
): Promise<LocalStack> {
  const tableName = options.tableName ?? 'records';
  const rawBucket = 'raw';
  const derivedBucket = 'derived';

  const dyn: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    dyn.once('error', reject);
    dyn.listen(0, '127.0.0.1', () => resolve());
  });
  const dynPort = (dyn.address() as AddressInfo).port;

  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: rawBucket }, { name: derivedBucket }],
  });
  const s3Address = await s3rver.run();

  const dynamo = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${dynPort}`,
    region: 'us-east-1',
    credentials,
  });
  const s3 = createS3Client({
    endpoint: `http://127.0.0.1:${s3Address.port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
  });
  await createTable(dynamo, tableName);

  return {
    s3,
    dynamo,
    db: createDocumentClient(dynamo),
    tableName,
    rawBucket,
    derivedBucket,
    async close() {
      s3.destroy();
      dynamo.destroy();
      await s3rver.close();
      await new Promise<void>((resolve) => dyn.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
