/**
 * The ingest handler acts only on the raw bucket's upload prefix (issue 14,
 * item 3): a forged or misrouted message naming another bucket or a key
 * outside `incoming/` is acknowledged without a read or a write.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { loadEvent, sqsEventOf } from './load-event.ts';

const s3 = new S3Client({ region: 'us-east-1' });
const db = createDocumentClient(new DynamoDBClient({ region: 'us-east-1' }));
const s3Mock = mockClient(s3);
const ddbMock = mockClient(db);
const errors: string[] = [];
// the handler logs through a child logger per message
const child = new Logger({ logLevel: 'SILENT' });
child.error = ((message: string) => {
  errors.push(message);
}) as typeof child.error;
const logger = new Logger({ logLevel: 'SILENT' });
logger.createChild = () => child;
const handler = makeHandler({
  objects: new S3ObjectSource(s3, { derivedBucket: 'archive-derived' }),
  store: new DynamoDocumentStore(db, 'records'),
  logger,
  agent: 'ingest-unit',
  accept: { bucket: 'archive-raw', prefix: 'incoming/' },
});

/** The removal fixture, pointed at `bucket`/`key`. */
function removal(bucket: string, key: string) {
  const event = loadEvent<{
    Records: { s3: { bucket: { name: string }; object: { key: string } } }[];
  }>('s3-object-removed');
  for (const r of event.Records) {
    r.s3.bucket.name = bucket;
    r.s3.object.key = key;
  }
  return event;
}

describe('ingest handler: accepted objects', () => {
  beforeEach(() => {
    s3Mock.reset();
    ddbMock.reset();
    ddbMock.resolves({});
    errors.length = 0;
  });

  it('acknowledges, untouched, events and reprocess requests outside the raw bucket upload prefix', async () => {
    // Act
    const response = await handler(
      sqsEventOf(
        removal('archive-derived', 'incoming/a.txt'),
        removal('archive-raw', 'derived/text/a.txt'),
        {
          type: 'reprocess',
          bucket: 'someone-elses-bucket',
          key: 'incoming/a.txt',
        }
      )
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(ddbMock.calls()).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/outside the upload prefix/);
  });

  it('still acts on the raw bucket incoming/ prefix', async () => {
    // Act
    await handler(sqsEventOf(removal('archive-raw', 'incoming/a.txt')));

    // Assess
    expect(ddbMock.calls().length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
