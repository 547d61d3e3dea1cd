import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { loadEvent, sqsEventOf } from './load-event.ts';

const seed = readFileSync('fixtures/pages/seed.txt', 'utf8');
const s3 = new S3Client({ region: 'us-east-1' });
const db = createDocumentClient(new DynamoDBClient({ region: 'us-east-1' }));
const s3Mock = mockClient(s3);
const ddbMock = mockClient(db);
const handler = makeHandler({
  objects: new S3ObjectSource(s3, { derivedBucket: 'archive-derived' }),
  store: new DynamoDocumentStore(db, 'records'),
  logger: new Logger({ logLevel: 'SILENT' }),
  clock: () => new Date('2024-05-01T12:00:01.000Z'),
  agent: 'ingest-unit',
});
const KEY = 'incoming/Telegram from Kim Il Sung №600382.txt';

describe('ingest handler', () => {
  beforeEach(() => {
    s3Mock.reset();
    ddbMock.reset();
    ddbMock.resolves({});
  });

  it('fetches the decoded key at the event version and commits the record conditionally', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({
      Body: sdkStreamMixin(Readable.from([Buffer.from(seed)])),
      ETag: '"b21b84d653bb07b05b1e6b33684dc11b"',
      VersionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      ContentType: 'text/plain',
    });
    s3Mock.on(PutObjectCommand).resolves({});
    // Act
    const response = await handler(sqsEventOf(loadEvent('s3-object-created')));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'archive-raw',
      Key: KEY,
      VersionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
    });
    const id = documentIdFor('archive-raw', KEY);
    expect(ddbMock).toHaveReceivedCommandWith(GetCommand, {
      Key: { PK: `DOC#${id}`, SK: 'RECORD' },
      ConsistentRead: true,
    });
    expect(ddbMock).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'records',
      Item: expect.objectContaining({
        PK: `DOC#${id}`,
        SK: 'RECORD',
        status: 'ok',
        sequencer: '0055AED6DCD90281E5'.padStart(32, '0'),
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    // a UTF-8 text is its own full text: no derived copy is written
    expect(s3Mock).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('fails only the message hit by throttling and acknowledges the others', async () => {
    // Prepare
    ddbMock.on(GetCommand).rejects(
      Object.assign(new Error('slow'), {
        name: 'ProvisionedThroughputExceededException',
        $retryable: {},
      })
    );
    // Act
    const response = await handler(
      sqsEventOf(
        loadEvent('s3-test-event'),
        loadEvent('s3-object-created'),
        'garbage'
      )
    );
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(ddbMock).not.toHaveReceivedCommand(PutCommand);
  });

  it('acknowledges a test event without touching S3 or DynamoDB', async () => {
    // Act
    const response = await handler(sqsEventOf(loadEvent('s3-test-event')));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(s3Mock).not.toHaveReceivedAnyCommand();
    expect(ddbMock).not.toHaveReceivedAnyCommand();
  });
});
