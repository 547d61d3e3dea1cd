/**
 * The DynamoDB store adapter against dynalite: commits, index upkeep and the
 * read API (queries, pagination, cursors) on hand-made records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors/index.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';
import { commitOf, makeRecord } from './helpers/records.ts';

describe('DynamoDocumentStore (dynalite)', () => {
  let stack: LocalStack;
  let store: DynamoDocumentStore;

  beforeAll(async () => {
    stack = await startLocalStack();
    store = new DynamoDocumentStore(stack.db, stack.tableName);
    const dates = [
      '1949-03-01',
      '1950-10-09',
      '1950-10-13',
      '1951-02-01',
      null,
    ];
    for (const [i, date] of dates.entries()) {
      await store.commit(
        commitOf(
          makeRecord(`q${i}`, {
            date,
            documentType: i % 2 === 0 ? 'telegram' : 'letter',
            authors: ['Kim Il Sung'],
            recipients: i === 1 ? ['Filippov'] : ['Stalin I.V.'],
            identifications:
              i === 1 ? [{ alias: 'Filippov', name: 'Stalin' }] : [],
            telegram:
              i === 0
                ? {
                    number: '600382/sh',
                    origin: null,
                    sentAt: null,
                    receivedAt: null,
                    arrivedAt: null,
                    decipheredAt: null,
                    decipheredBy: null,
                    distribution: null,
                    outgoingNumber: null,
                    typedBy: null,
                  }
                : null,
          })
        )
      );
    }
    await store.commit(
      commitOf(
        makeRecord('q-failed', {
          status: 'failed',
          failure: { reason: 'empty', message: 'empty', attempts: 1 },
        })
      )
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('finds a person by any spelling of the name, and a code name by the identified name', async () => {
    // Act
    const kim = await store.queryByPerson('KIM  IL-SUNG', { limit: 100 });
    const stalin = await store.queryByPerson('Stalin', { limit: 100 });
    const filippov = await store.queryByPerson('filippov', { limit: 100 });
    // Assess
    expect(kim.items.map((i) => i.documentId).sort()).toEqual([
      'q0',
      'q1',
      'q2',
      'q3',
      'q4',
    ]);
    // `Stalin` is the one Stalin of the archive, so it finds `Stalin I.V.`
    // too, and the record that calls him Filippov
    expect(stalin.items.map((i) => i.documentId).sort()).toEqual([
      'q0',
      'q1',
      'q2',
      'q3',
      'q4',
    ]);
    expect(stalin.items).toContainEqual(
      expect.objectContaining({
        documentId: 'q1',
        role: 'recipient',
        name: 'Filippov',
        identifiedAs: 'Stalin',
      })
    );
    expect(filippov.items.map((i) => i.documentId)).toEqual(['q1']);
  });

  it('filters person hits by role and date range', async () => {
    // Act
    const recipients = await store.queryByPerson('Kim Il Sung', {
      role: 'recipient',
    });
    const in1950 = await store.queryByPerson('Kim Il Sung', {
      role: 'author',
      from: '1950',
      to: '1950-12',
    });
    // Assess
    expect(recipients.items).toEqual([]);
    expect(in1950.items.map((i) => i.documentId)).toEqual(['q1', 'q2']);
  });

  it('reads the person and type indexes newest first on request, with cursors bound to the order', async () => {
    // Act
    const oldest = await store.queryByPerson('Kim Il Sung', { role: 'author' });
    const newest = await store.queryByPerson('Kim Il Sung', {
      role: 'author',
      newestFirst: true,
    });
    const page = await store.queryByType('telegram', {
      limit: 1,
      newestFirst: true,
    });
    // Assess
    expect(newest.items.map((i) => i.documentId)).toEqual(
      oldest.items.map((i) => i.documentId).reverse()
    );
    expect(page.cursor).not.toBeNull();
    await expect(
      store.queryByType('telegram', { limit: 1, cursor: page.cursor })
    ).rejects.toThrow();
  });

  it('pages through a type listing with cursors, each record once, in date order', async () => {
    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.queryByType('telegram', { limit: 1, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.cursor;
    } while (cursor);
    // Assess: undated (0000) first, failure records are not listed by type
    expect(seen).toEqual(['q4', 'q0', 'q2']);
  });

  it('lists a year range newest first across the type partitions', async () => {
    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.queryByYearRange('1949', '1950-10-10', {
        limit: 1,
        cursor,
      });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.cursor;
    } while (cursor);
    const all = await store.queryByYearRange(undefined, undefined, {
      limit: 10,
    });
    // Assess
    expect(seen).toEqual(['q1', 'q0']);
    expect(all.items.map((r) => r.id)).toEqual(['q3', 'q2', 'q1', 'q0', 'q4']);
    expect(all.cursor).toBeNull();
  });

  it('rejects a cursor used on another query', async () => {
    // Prepare
    const page = await store.queryByType('telegram', { limit: 1 });
    // Act / Assess
    await expect(
      store.queryByType('letter', { limit: 1, cursor: page.cursor })
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store.listRecords({ cursor: 'not-a-cursor' })
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('looks up a telegram by number and records by id', async () => {
    // Act
    const byNumber = await store.queryByTelegram(' 600382/sh ');
    const byId = await store.getRecords(['q3', 'missing', 'q0']);
    // Assess
    expect(byNumber.map((r) => r.id)).toEqual(['q0']);
    expect(byId.map((r) => r.id)).toEqual(['q3', 'q0']);
  });

  it('lists failure records beside ok ones', async () => {
    // Act
    const failed = await store.listRecords({ status: 'failed' });
    const all = await store.listRecords({ limit: 1000 });
    // Assess
    expect(failed.items.map((r) => r.id)).toEqual(['q-failed']);
    expect(all.items).toHaveLength(6);
  });

  it('replaces index items when a new version names other people', async () => {
    // Prepare
    const v1 = makeRecord('swap', { authors: ['Vyshinsky'], date: '1953' });
    await store.commit(commitOf(v1, null, 'pk-1'));
    const state = await store.getState('swap');
    // Act
    const v2 = makeRecord('swap', {
      authors: ['Molotov'],
      date: '1953',
      processedAt: '2024-05-02T12:00:00.000Z',
    });
    const result = await store.commit(commitOf(v2, state, 'pk-2'));
    // Assess
    expect(result).toEqual({ committed: true, revision: 2 });
    expect((await store.queryByPerson('Vyshinsky')).items).toEqual([]);
    expect(
      (await store.queryByPerson('Molotov')).items.map((i) => i.documentId)
    ).toEqual(['swap']);
    const trail = await store.getAuditTrail('swap');
    expect(trail.map((e) => e.type)).toEqual([
      'received',
      'stored',
      'received',
      'stored',
    ]);
  });

  it('refuses a commit based on an outdated revision', async () => {
    // Prepare
    await store.commit(commitOf(makeRecord('race'), null, 'pk-a'));
    const stale = await store.getState('race');
    await store.commit(commitOf(makeRecord('race'), stale, 'pk-b'));
    // Act
    const result = await store.commit(
      commitOf(makeRecord('race', { authors: ['Beria'] }), stale, 'pk-c')
    );
    // Assess
    expect(result.committed).toBe(false);
    expect(result.committed ? null : result.current?.processingKey).toBe(
      'pk-b'
    );
    expect((await store.queryByPerson('Beria')).items).toEqual([]);
  });

  it('gives a content hash to the first document that claims it', async () => {
    // Act
    const first = await store.claimContentHash('a'.repeat(64), 'doc-1');
    const second = await store.claimContentHash('a'.repeat(64), 'doc-2');
    const again = await store.claimContentHash('a'.repeat(64), 'doc-1');
    // Assess
    expect([first, second, again]).toEqual(['doc-1', 'doc-1', 'doc-1']);
  });

  // last: it adds a record the listing tests above do not expect
  it('commits the final audit event with the record and keeps it when the record is replaced', async () => {
    // Prepare
    const first = commitOf(makeRecord('trail-1', { date: '1952-01-01' }));

    // Act
    await store.commit(first);
    const once = await store.getAuditTrail('trail-1');
    const state = await store.getState('trail-1');
    const second = {
      ...commitOf(
        makeRecord('trail-1', {
          date: '1952-01-02',
          processedAt: '2030-01-01T00:00:00.000Z',
        }),
        state,
        'raw/incoming/trail-1.txt#v2@test'
      ),
    };
    await store.commit(second);
    const twice = await store.getAuditTrail('trail-1');

    // Assess: the trail ends with the final event from the moment of the
    // commit, and a replacement keeps the earlier run's final event
    expect(once.at(-1)?.type).toBe(first.finalEvent.type);
    expect(twice.filter((e) => e.type === first.finalEvent.type)).toHaveLength(
      2
    );
    expect(twice.slice(0, once.length)).toEqual(once);
  });
});
