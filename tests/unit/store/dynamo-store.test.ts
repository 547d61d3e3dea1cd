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
import { decodeRecordItem } from '#shared/store/record-codec.ts';
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

  it("writes index items in one batch, then the record item (carrying its run's events) only if it does not exist", async () => {
    // Prepare
    ddb.resolves({});
    const record = makeRecord('d1', {
      authors: ['Kim Il Sung'],
      recipients: ['Kim Il Sung'],
      date: '1950',
    });
    // Act
    const result = await store.commit(commitOf(record));
    // Assess
    expect(result).toEqual({ committed: true, revision: 1 });
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Item?.SK)).toEqual(['RECORD']);
    expect(puts[0]?.ConditionExpression).toBe('attribute_not_exists(PK)');
    // the run's events travel compressed in the record item, not as items
    const stored = decodeRecordItem(puts[0]!.Item!);
    expect(puts[0]?.Item?.body).toBeInstanceOf(Uint8Array);
    expect(puts[0]?.Item?.record).toBeUndefined();
    expect(stored.record).toEqual(record);
    expect(stored.run?.events.map((e) => e.type)).toEqual([
      'received',
      'stored',
    ]);
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        records: [
          // one person item for both roles
          {
            PutRequest: {
              Item: expect.objectContaining({
                PK: 'PERSON#kim ilsung',
                SK: '1950#d1',
                roles: ['author', 'recipient'],
              }),
            },
          },
          // the people directory: the key on its letter shelf (found by
          // surname there) and under each other word
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
                PK: 'NAMEPART#ilsung',
                SK: 'kim ilsung',
              }),
            },
          },
        ],
      },
    });
    // no year set: date ranges merge the type partitions
    await store.commit(commitOf(makeRecord('d2', { date: '1950-05' })));
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(stored.ownedKeys).toEqual([
      { PK: 'PERSON#kim ilsung', SK: '1950#d1' },
    ]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'records',
      Item: expect.objectContaining({
        PK: 'DOC#d1',
        SK: 'RECORD',
        revision: 1,
        GSI1PK: 'TYPE#telegram',
        GSI1SK: '1950#d1',
        // facet attributes, read without the record
        documentType: 'telegram',
        date: '1950',
        people: ['Kim Il Sung'],
        indexVersion: INDEX_VERSION,
      }),
    });
    expect(puts[0]?.Item?.GSI2PK).toBeUndefined();
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
    // Prepare: the item to replace is of layout 4 (plain `record`, one
    // person item per role, its final event as `pendingEvent`)
    const old = makeRecord('d1', { authors: ['Beria'] });
    ddb.on(GetCommand).resolves({
      Item: {
        PK: 'DOC#d1',
        SK: 'RECORD',
        record: old,
        revision: 4,
        processingKey: 'pk-old',
        ownedKeys: [{ PK: 'PERSON#beria', SK: '0000#d1#author' }],
        pendingEvent: {
          PK: 'DOC#d1',
          SK: 'EVENT#2024-04-01T00:00:00.000Z#01#stored#old',
          entity: 'event',
          documentId: 'd1',
          type: 'stored',
          at: '2024-04-01T00:00:00.000Z',
          agent: 'test',
          parserVersion: '0',
          outcome: 'ok',
          detail: {},
        },
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
    // the old item's final event is written out as its own item, once
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        SK: 'EVENT#2024-04-01T00:00:00.000Z#01#stored#old',
        type: 'stored',
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
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

  it('deletes its review-queue entry when it fails before the record item is put', async () => {
    // Prepare: a record that waits for review; reading the item to
    // replace fails for good
    const previous = {
      processingKey: 'pk-old',
      sequencer: null,
      revision: 1,
      record: makeRecord('d1', { processedAt: '2024-04-01T00:00:00.000Z' }),
    };
    const record = makeRecord('d1', {
      warnings: ['unknown-page-kind'],
    });
    ddb.on(GetCommand).rejects(new Error('read failed'));
    // Act
    const commit = store.commit(commitOf(record, previous));
    // Assess: a retry that finds a newer version stored would stop before
    // writing, so nothing would own the entry
    await expect(commit).rejects.toThrow('read failed');
    const written = ddb
      .commandCalls(BatchWriteCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.records ?? [])
      .map((r) => r.PutRequest?.Item)
      .filter((i) => i?.PK === 'REVIEW#open');
    expect(written).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandWith(
      (await import('@aws-sdk/lib-dynamodb')).DeleteCommand,
      {
        Key: { PK: 'REVIEW#open', SK: written[0]?.SK },
        ConditionExpression: 'documentId = :id',
      }
    );
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it("keys the review-queue entry by the run's event time, so a retried run rewrites the same entry", async () => {
    // Prepare: the same message processed twice, at different clock times
    const queued = (processedAt: string) => {
      const record = makeRecord('d1', {
        warnings: ['unknown-page-kind'],
        processedAt,
      });
      return { ...commitOf(record), eventTime: '2024-05-01T10:00:00.000Z' };
    };
    const queueKeys = () =>
      ddb
        .commandCalls(BatchWriteCommand)
        .flatMap((c) => c.args[0].input.RequestItems?.records ?? [])
        .map((r) => r.PutRequest?.Item)
        .filter((i) => i?.PK === 'REVIEW#open')
        .map((i) => i?.SK);
    // Act
    await store.commit(queued('2024-05-01T10:00:01.000Z'));
    await store.commit(queued('2024-05-01T10:07:42.000Z'));
    // Assess
    expect(queueKeys()).toEqual([
      '2024-05-01T10:00:00.000Z#d1',
      '2024-05-01T10:00:00.000Z#d1',
    ]);
  });

  it("retries the read of a race's winner, then deletes the items only the loser wrote", async () => {
    // Prepare: the conditional put loses; the winner's read fails twice
    ddb.on(PutCommand).callsFake((input) => {
      if (input.Item?.SK === 'RECORD') throw conditionFailed();
      return {};
    });
    ddb
      .on(GetCommand)
      .rejectsOnce(new Error('throttled'))
      .rejectsOnce(new Error('throttled'))
      .resolves({
        Item: {
          PK: 'DOC#d1',
          SK: 'RECORD',
          record: makeRecord('d1'),
          revision: 1,
          processingKey: 'pk-winner',
          ownedKeys: [],
        },
      });
    const loser = makeRecord('d1', { authors: ['Roshchin'] });
    // Act
    const result = await store.commit(commitOf(loser));
    // Assess
    expect(result.committed).toBe(false);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
    const deleted = ddb
      .commandCalls((await import('@aws-sdk/lib-dynamodb')).DeleteCommand)
      .map((c) => c.args[0].input.Key?.PK);
    expect(deleted).toContain('PERSON#roshchin');
  });

  it('finishes every clean-up a killed run left undone, found by one scan', async () => {
    // Prepare
    const { DeleteCommand, ScanCommand } = await import(
      '@aws-sdk/lib-dynamodb'
    );
    ddb.on(ScanCommand).resolves({ Items: [{ documentId: 'd1' }] });
    ddb.on(GetCommand).resolves({
      Item: {
        PK: 'DOC#d1',
        SK: 'RECORD',
        record: makeRecord('d1'),
        revision: 2,
        processingKey: 'pk',
        ownedKeys: [],
        pendingCleanup: [{ PK: 'PERSON#old', SK: '1950#d1' }],
      },
    });
    // Act
    const finished = await store.finishAllPendingCleanups();
    // Assess
    expect(finished).toBe(1);
    expect(ddb).toHaveReceivedCommandWith(ScanCommand, {
      FilterExpression: 'SK = :sk AND attribute_exists(pendingCleanup)',
    });
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      Key: { PK: 'PERSON#old', SK: '1950#d1' },
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'REMOVE pendingCleanup',
    });
  });

  it('drops review-queue entries from before a start that no record item owns, and keeps owned ones', async () => {
    // Prepare: d1 owns its entry; d2's record was never put (a killed run)
    const { DeleteCommand, QueryCommand } = await import(
      '@aws-sdk/lib-dynamodb'
    );
    const owned = { PK: 'REVIEW#open', SK: '2024-01-01T00:00:00.000Z#d1' };
    const orphan = { PK: 'REVIEW#open', SK: '2024-01-02T00:00:00.000Z#d2' };
    ddb.on(QueryCommand).resolves({
      Items: [
        { ...owned, documentId: 'd1' },
        { ...orphan, documentId: 'd2' },
      ],
    });
    ddb.on(GetCommand, { Key: { PK: 'DOC#d1', SK: 'RECORD' } }).resolves({
      Item: {
        PK: 'DOC#d1',
        SK: 'RECORD',
        record: makeRecord('d1'),
        revision: 1,
        processingKey: 'pk',
        ownedKeys: [owned],
      },
    });
    ddb.on(GetCommand, { Key: { PK: 'DOC#d2', SK: 'RECORD' } }).resolves({});
    // Act
    const dropped = await store.dropUnownedQueueEntries(
      '2024-06-01T00:00:00.000Z'
    );
    // Assess
    expect(dropped).toBe(1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'PK = :pk AND SK < :before',
      ExpressionAttributeValues: {
        ':pk': 'REVIEW#open',
        ':before': '2024-06-01T00:00:00.000Z',
      },
    });
    expect(
      ddb.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)
    ).toEqual([orphan]);
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

  it('marks the source deleted conditional on the revision, and says so when it changed', async () => {
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
      // a top-level flag: the compressed body is not rewritten
      UpdateExpression: expect.stringContaining('#deleted = :true'),
      ExpressionAttributeNames: expect.objectContaining({
        '#deleted': 'sourceDeleted',
      }),
    });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });
});
