import 'aws-sdk-client-mock-vitest/extend';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { INDEX_VERSION } from '#shared/store/keys.ts';
import { commitOf, makeRecord } from '../../integration/helpers/records.ts';

const db = createDocumentClient(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(db);
const store = new DynamoDocumentStore(db, 'records');
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

describe('DynamoDocumentStore.commit', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.resolves({});
  });

  it('writes audit and index items in one batch, then the record item (with its final event) only if it does not exist', async () => {
    // Prepare
    ddb.resolves({});
    const record = makeRecord('d1', { authors: ['Kim Il Sung'], date: '1950' });
    // Act
    const result = await store.commit(commitOf(record));
    // Assess
    expect(result).toEqual({ committed: true, revision: 1 });
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Item?.SK)).toEqual(['RECORD']);
    expect(puts[0]?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(puts[0]?.Item?.pendingEvent).toEqual(
      expect.objectContaining({
        PK: 'DOC#d1',
        SK: expect.stringMatching(/^EVENT#.*#01#stored#/),
        type: 'stored',
      })
    );
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        records: [
          {
            PutRequest: {
              Item: expect.objectContaining({
                SK: expect.stringMatching(/^EVENT#.*#00#received#/),
                type: 'received',
              }),
            },
          },
          {
            PutRequest: {
              Item: expect.objectContaining({
                PK: 'PERSON#kim ilsung',
                SK: '1950#d1#author',
              }),
            },
          },
          // the people directory: the key on its letter shelf and under each word
          {
            PutRequest: {
              Item: expect.objectContaining({
                PK: 'PEOPLE#k',
                SK: 'kim ilsung',
              }),
            },
          },
          {
            PutRequest: {
              Item: expect.objectContaining({
                PK: 'NAMEPART#kim',
                SK: 'kim ilsung',
              }),
            },
          },
          {
            PutRequest: {
              Item: expect.objectContaining({
                PK: 'NAMEPART#ilsung',
                SK: 'kim ilsung',
              }),
            },
          },
        ],
      },
    });
    // the year set is written once per year per process
    await store.commit(commitOf(makeRecord('d2', { date: '1950-05' })));
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'records',
      Item: expect.objectContaining({
        PK: 'DOC#d1',
        SK: 'RECORD',
        revision: 1,
        GSI1PK: 'TYPE#telegram',
        GSI2PK: 'YEAR#1950',
        ownedKeys: [{ PK: 'PERSON#kim ilsung', SK: '1950#d1#author' }],
        // facet attributes, read without the record
        documentType: 'telegram',
        date: '1950',
        people: ['Kim Il Sung'],
        indexVersion: INDEX_VERSION,
      }),
    });
    // directory items never change: written once per process
    await store.commit(
      commitOf(makeRecord('d3', { authors: ['KIM IL-SUNG'], date: '1951' }))
    );
    const last = ddb.commandCalls(BatchWriteCommand).at(-1)?.args[0].input;
    const keys = (last?.RequestItems?.records ?? []).map(
      (r) => r.PutRequest?.Item?.PK
    );
    expect(keys).toContain('PERSON#kim ilsung');
    expect(keys).not.toContain('PEOPLE#k');
  });

  it('conditions a replacement on the revision it read and deletes index items the new version drops', async () => {
    // Prepare
    const old = makeRecord('d1', { authors: ['Beria'] });
    ddb.on(GetCommand).resolves({
      Item: {
        PK: 'DOC#d1',
        SK: 'RECORD',
        record: old,
        revision: 4,
        processingKey: 'pk-old',
        ownedKeys: [{ PK: 'PERSON#beria', SK: '0000#d1#author' }],
      },
    });
    ddb.on(PutCommand).resolves({});
    const previous = {
      processingKey: 'pk-old',
      sequencer: null,
      revision: 4,
      record: old,
    };
    // Act
    const result = await store.commit(
      commitOf(makeRecord('d1', { authors: ['Molotov'] }), previous)
    );
    // Assess
    expect(result).toEqual({ committed: true, revision: 5 });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        SK: 'RECORD',
        revision: 5,
        pendingCleanup: [{ PK: 'PERSON#beria', SK: '0000#d1#author' }],
      }),
      ConditionExpression: '#revision = :revision',
      ExpressionAttributeValues: { ':revision': 4 },
    });
    expect(ddb).toHaveReceivedCommandWith(
      (await import('@aws-sdk/lib-dynamodb')).DeleteCommand,
      {
        Key: { PK: 'PERSON#beria', SK: '0000#d1#author' },
        ConditionExpression: 'documentId = :id',
        ExpressionAttributeValues: { ':id': 'd1' },
      }
    );
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'REMOVE pendingCleanup',
      ExpressionAttributeValues: { ':revision': 5 },
    });
  });

  it('reports a lost race with what the winner stored', async () => {
    // Prepare
    ddb.on(PutCommand).callsFake((input) => {
      if (input.Item?.SK === 'RECORD') throw conditionFailed();
      return {};
    });
    const winner = makeRecord('d1');
    ddb.on(GetCommand).resolves({
      Item: {
        record: winner,
        revision: 1,
        processingKey: 'pk-winner',
        ownedKeys: [],
      },
    });
    // Act
    const result = await store.commit(commitOf(makeRecord('d1')));
    // Assess
    expect(result).toMatchObject({
      committed: false,
      current: { processingKey: 'pk-winner', revision: 1 },
    });
    expect(
      ddb
        .commandCalls(PutCommand)
        .filter((c) => c.args[0].input.Item?.type === 'stored')
    ).toHaveLength(0);
  });

  it('tolerates audit items that already exist (a re-delivery)', async () => {
    // Prepare
    ddb.on(PutCommand).callsFake((input) => {
      if (input.Item?.SK !== 'RECORD') throw conditionFailed();
      return {};
    });
    // Act
    const result = await store.commit(commitOf(makeRecord('d1')));
    // Assess
    expect(result.committed).toBe(true);
  });
});

describe('DynamoDocumentStore.claimContentHash', () => {
  beforeEach(() => ddb.reset());

  it('claims with a condition and reads the holder when someone was first', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { documentId: 'first' } });
    // Act
    const holder = await store.claimContentHash('f'.repeat(64), 'second');
    // Assess
    expect(holder).toBe('first');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        PK: `SHA256#${'f'.repeat(64)}`,
        SK: 'DOC',
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });
});

describe('DynamoDocumentStore.markSourceDeleted', () => {
  beforeEach(() => ddb.reset());

  it('sets source.deleted conditional on the revision, and says so when it changed', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const change = {
      revision: 2,
      sequencer: null,
      eventTime: '2024-05-01T00:00:00.000Z',
      event: {
        type: 'source-deleted',
        at: '2024-05-01T00:00:00.000Z',
        agent: 'test',
        parserVersion: '0',
        outcome: 'ok' as const,
        detail: {},
      },
    };
    // Act
    const marked = await store.markSourceDeleted('d1', change);
    // Assess
    expect(marked).toBe(false);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { PK: 'DOC#d1', SK: 'RECORD' },
      ConditionExpression: '#revision = :revision',
      UpdateExpression: expect.stringContaining(
        '#record.#source.#deleted = :true'
      ),
    });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });
});
