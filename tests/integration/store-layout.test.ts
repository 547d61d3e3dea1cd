/**
 * The record item's layout on dynalite (docs/STORE.md, layout 5): a run's
 * audit events travel in the record item and become one trail item when
 * a later run replaces it; one person item per person and document holds
 * its roles; items written by the previous layout still read, and a
 * re-index (`archive reprocess --stale`) rewrites them.
 */
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, CommitRequest } from '#shared/pipeline/ports.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import { eventSk, INDEX_VERSION } from '#shared/store/keys.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';
import { commitOf, makeRecord } from './helpers/records.ts';

const STEPS = ['received', 'fixity', 'decoded', 'extracted', 'validated'];

/** A commit whose run has every step, at `minute` past a fixed hour. */
function run(
  id: string,
  minute: number,
  previous: CommitRequest['previous'],
  overrides: Parameters<typeof makeRecord>[1] = {}
): CommitRequest {
  const at = `2024-05-01T12:${String(minute).padStart(2, '0')}:00.000Z`;
  const base = commitOf(
    makeRecord(id, { processedAt: at, ...overrides }),
    previous,
    `raw/incoming/${id}.txt#v${minute}@test`
  );
  const event = (type: string): AuditEvent => ({
    type,
    at,
    agent: 'test',
    parserVersion: '0.0.0-test',
    outcome: 'ok',
    detail: { minute },
  });
  return {
    ...base,
    eventTime: at,
    runId: `run${minute}`,
    events: STEPS.map(event),
    finalEvent: event('stored'),
  };
}

describe('record item layout (dynalite)', () => {
  let stack: LocalStack;
  let store: DynamoDocumentStore;

  async function partition(pk: string) {
    const out = await stack.db.send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      })
    );
    return out.Items ?? [];
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    store = new DynamoDocumentStore(stack.db, stack.tableName);
  }, 30_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('writes a replaced run as one trail item, and reads the same trail as one item per event would', async () => {
    // Prepare
    const runs = [run('t1', 1, null)];
    await store.commit(runs[0]!);
    runs.push(run('t1', 2, await store.getState('t1')));
    await store.commit(runs[1]!);
    runs.push(run('t1', 3, await store.getState('t1')));
    // Act
    await store.commit(runs[2]!);
    // a concurrent delivery of run 3 that lost: writes run 2's trail again
    const again = await store.commit(runs[2]!);
    // Assess
    expect(again.committed).toBe(false);
    const items = await partition('DOC#t1');
    expect(items.filter((i) => i.entity === 'event')).toEqual([]);
    expect(
      items
        .filter((i) => i.entity === 'trail')
        .map((i) => i.SK)
        .sort()
    ).toEqual([
      'EVENT#2024-05-01T12:01:00.000Z#run#run1',
      'EVENT#2024-05-01T12:02:00.000Z#run#run2',
    ]);
    // the order one item per event gave (their sort keys), every event once
    const expected = runs
      .flatMap((r) =>
        [...r.events, r.finalEvent].map((e, i) => ({
          sk: eventSk(r.eventTime, i, e.type, r.runId),
          e,
        }))
      )
      .sort((a, b) => (a.sk < b.sk ? -1 : 1))
      .map(({ e }) => e);
    expect(await store.getAuditTrail('t1')).toEqual(expected);
  });

  it('keeps one person item per person and document, with every role', async () => {
    // Prepare
    await store.commit(
      commitOf(
        makeRecord('r1', {
          date: '1950-06-25',
          authors: ['Kim Il Sung'],
          recipients: ['KIM IL-SUNG'],
          signatories: ['Kim Il-sung'],
        })
      )
    );
    // Act
    const all = await store.queryByPerson('Kim Il Sung', { limit: 1 });
    const newest = await store.queryByPerson('Kim Il Sung', {
      limit: 1,
      newestFirst: true,
    });
    const signed = await store.queryByPerson('Kim Il Sung', {
      role: 'signatory',
    });
    const received = await store.personEntries('kim ilsung');
    // Assess
    expect((await partition('PERSON#kim ilsung')).map((i) => i.SK)).toEqual([
      '1950-06-25#r1',
    ]);
    // one item: one page, one hit per role
    expect(all.items.map((h) => [h.role, h.name])).toEqual([
      ['author', 'Kim Il Sung'],
      ['recipient', 'KIM IL-SUNG'],
      ['signatory', 'Kim Il-sung'],
    ]);
    expect(all.cursor).toBeNull();
    expect(newest.items.map((h) => h.role)).toEqual([
      'signatory',
      'recipient',
      'author',
    ]);
    expect(signed.items.map((h) => [h.documentId, h.role])).toEqual([
      ['r1', 'signatory'],
    ]);
    expect(received).toHaveLength(3);
  });

  it('reads an item of the previous layout, lists it as stale, and a re-index rewrites it in this one', async () => {
    // Prepare: layout 4, as its commit wrote it: the record in plain,
    // one person item per role, the steps as items, the final event on
    // the record item
    const record = makeRecord('old1', {
      date: '1949-01-01',
      authors: ['Molotov'],
      recipients: ['Molotov'],
    });
    const event = (type: string, nn: string) => ({
      PK: 'DOC#old1',
      SK: `EVENT#2023-01-01T00:00:00.000Z#${nn}#${type}#oldrun`,
      entity: 'event',
      documentId: 'old1',
      type,
      at: '2023-01-01T00:00:00.000Z',
      agent: 'ingest',
      parserVersion: '0.0.0-test',
      outcome: 'ok',
      detail: {},
    });
    const person = (role: string) => ({
      PK: 'PERSON#molotov',
      SK: `1949-01-01#old1#${role}`,
      entity: 'person',
      documentId: 'old1',
      role,
      name: 'Molotov',
      date: '1949-01-01',
      documentType: 'telegram',
      title: record.title,
    });
    const old = {
      PK: 'DOC#old1',
      SK: 'RECORD',
      entity: 'record',
      documentId: 'old1',
      status: 'ok',
      parserVersion: record.parserVersion,
      record,
      processingKey: 'raw/incoming/old1.txt#etag@old',
      sequencer: null,
      revision: 1,
      ownedKeys: [
        { PK: 'PERSON#molotov', SK: '1949-01-01#old1#author' },
        { PK: 'PERSON#molotov', SK: '1949-01-01#old1#recipient' },
      ],
      pendingEvent: event('stored', '01'),
      updatedAt: record.processedAt,
      indexVersion: 4,
      reviewFlags: [],
      documentType: 'telegram',
      date: '1949-01-01',
      people: ['Molotov'],
      GSI1PK: 'TYPE#telegram',
      GSI1SK: '1949-01-01#old1',
      GSI2PK: 'YEAR#1949',
      GSI2SK: '1949-01-01#old1',
    };
    const directory = (PK: string) => ({
      PK,
      SK: 'molotov',
      entity: 'person-key',
      key: 'molotov',
    });
    for (const item of [
      old,
      directory('PEOPLE#m'),
      directory('NAMEPART#molotov'),
      event('received', '00'),
      person('author'),
      person('recipient'),
    ]) {
      await stack.db.send(
        new PutCommand({ TableName: stack.tableName, Item: item })
      );
    }

    // Act: read it, then re-index it as `archive reprocess --stale` does
    const read = await store.getRecord('old1');
    const hits = await store.queryByPerson('Molotov', { role: 'recipient' });
    const stale = await store.listRecords({ staleIndex: true });
    const trail = await store.getAuditTrail('old1');
    // its year-index keys are ignored: date ranges read the type index
    const in1949 = await store.queryByYearRange('1949', '1949');
    const result = await store.commit(
      commitOf(
        { ...record, processedAt: '2024-06-01T00:00:00.000Z' },
        await store.getState('old1'),
        'raw/incoming/old1.txt#etag@new'
      )
    );

    // Assess
    expect(read).toEqual(record);
    expect(hits.items.map((h) => [h.documentId, h.role])).toEqual([
      ['old1', 'recipient'],
    ]);
    expect(stale.items.map((r) => r.id)).toEqual(['old1']);
    expect(trail.map((e) => e.type)).toEqual(['received', 'stored']);
    expect(in1949.items.map((r) => r.id)).toEqual(['old1']);
    expect(result).toEqual({ committed: true, revision: 2 });
    const [item] = (await partition('DOC#old1')).filter(
      (i) => i.SK === 'RECORD'
    );
    expect(item).not.toHaveProperty('record');
    expect(item?.body).toBeInstanceOf(Uint8Array);
    expect(item?.indexVersion).toBe(INDEX_VERSION);
    expect(item).not.toHaveProperty('GSI2PK');
    expect(item).not.toHaveProperty('GSI2SK');
    expect((await partition('PERSON#molotov')).map((i) => i.SK)).toEqual([
      '1949-01-01#old1',
    ]);
    expect((await store.listRecords({ staleIndex: true })).items).toEqual([]);
    expect((await store.getAuditTrail('old1')).map((e) => e.type)).toEqual([
      'received',
      'stored',
      'received',
      'stored',
    ]);
    expect(await store.getRecord('old1')).toMatchObject({
      id: 'old1',
      processedAt: '2024-06-01T00:00:00.000Z',
    });
  });
});
