/**
 * Date-range listings and facet rows without a type, against dynalite:
 * the type partitions merged newest first (there is no year index), paged
 * exactly by one cursor, undated records where they always were.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors/index.ts';
import type { DocumentType } from '#shared/schema/record.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';
import { commitOf, makeRecord } from './helpers/records.ts';

/** Invented records: several types, a shared date, partial dates, undated. */
const RECORDS: [string, DocumentType, string | null][] = [
  ['a1', 'telegram', '1950-10-09'],
  ['a2', 'letter', '1950-10-09'],
  ['a3', 'report', '1950-10'],
  ['a4', 'diary', '1950'],
  ['a5', 'telegram', '1949-03-01'],
  ['a6', 'speech', '1951-02-01'],
  ['a7', 'other', null],
  ['a8', 'letter', null],
  ['a9', 'memorandum', '1950-10-13'],
];
/** Newest first by `<date>#<id>`; undated (`0000`) last. */
const NEWEST_FIRST = ['a6', 'a9', 'a2', 'a1', 'a3', 'a4', 'a5', 'a8', 'a7'];

describe('date ranges across types (dynalite)', () => {
  let stack: LocalStack;
  let store: DynamoDocumentStore;

  beforeAll(async () => {
    stack = await startLocalStack();
    store = new DynamoDocumentStore(stack.db, stack.tableName);
    for (const [id, documentType, date] of RECORDS) {
      await store.commit(commitOf(makeRecord(id, { documentType, date })));
    }
    await store.commit(
      commitOf(
        makeRecord('f1', {
          status: 'failed',
          date: '1950-10-10',
          failure: { reason: 'empty', message: 'empty', attempts: 1 },
        })
      )
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Every page of a listing, with the page sizes. */
  async function allPages(
    from: string | undefined,
    to: string | undefined,
    limit: number
  ) {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.queryByYearRange(from, to, { limit, cursor });
      ids.push(...page.items.map((r) => r.id));
      sizes.push(page.items.length);
      cursor = page.cursor;
    } while (cursor && sizes.length < 50);
    return { ids, sizes };
  }

  it('merges the type partitions newest first, undated last, failures left out, at any page size', async () => {
    for (const limit of [1, 2, 3, 4, 8, 9, 10]) {
      // Act
      const { ids, sizes } = await allPages(undefined, undefined, limit);
      // Assess: each record once, in order; no empty last page
      expect(ids, `limit ${limit}`).toEqual(NEWEST_FIRST);
      expect(sizes.at(-1), `limit ${limit}`).toBeGreaterThan(0);
      expect(sizes.length).toBe(Math.ceil(NEWEST_FIRST.length / limit));
    }
  });

  it('bounds a range by partial dates and leaves undated records out of a bounded range', async () => {
    // Act
    const in1950 = await allPages('1950', '1950-10', 2);
    const upTo1949 = await allPages(undefined, '1949', 1);
    const from1951 = await allPages('1951', undefined, 5);
    const fromZero = await allPages('0000', undefined, 20);
    // Assess
    expect(in1950.ids).toEqual(['a9', 'a2', 'a1', 'a3', 'a4']);
    expect(upTo1949.ids).toEqual(['a5']);
    expect(from1951.ids).toEqual(['a6']);
    expect(fromZero.ids).toEqual(NEWEST_FIRST.slice(0, 7));
  });

  it('reads each type partition once for a page, not one request per record', async () => {
    // Prepare
    const queries: string[] = [];
    stack.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') {
          const input = args.input as { IndexName?: string };
          queries.push(input.IndexName ?? 'table');
        }
        return next(args);
      },
      { step: 'initialize', name: 'countQueries' }
    );
    // Act
    await store.queryByYearRange(undefined, undefined, { limit: 50 });
    stack.db.middlewareStack.remove('countQueries');
    // Assess: nine document types, one Query each, on the type index
    expect(queries).toEqual(Array(9).fill('by-type'));
  });

  it('refuses a cursor of another range, and a position past the range gives an empty last page', async () => {
    // Prepare
    const page = await store.queryByYearRange('1950', '1950', { limit: 1 });
    // the query's binding from a real cursor, with a position of our own
    const q = JSON.parse(
      Buffer.from(page.cursor!, 'base64url').toString('utf8')
    ).q;
    // Act / Assess
    await expect(
      store.queryByYearRange('1949', '1950', { limit: 1, cursor: page.cursor })
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store.queryByType('telegram', { limit: 1, cursor: page.cursor })
    ).rejects.toBeInstanceOf(ValidationError);
    const before = Buffer.from(
      JSON.stringify({ q, p: { sk: '1000#x' } })
    ).toString('base64url');
    expect(
      await store.queryByYearRange('1950', '1950', {
        limit: 1,
        cursor: before,
      })
    ).toEqual({ items: [], cursor: null });
  });

  it('gives facet rows newest first across types, complete only when nothing is left', async () => {
    // Act
    const three = await store.facetRows({}, 3);
    const exact = await store.facetRows({}, NEWEST_FIRST.length);
    const short = await store.facetRows({}, NEWEST_FIRST.length - 1);
    const in1950 = await store.facetRows({ from: '1950', to: '1950' }, 100);
    const letters = await store.facetRows({ type: 'letter', to: '1950' }, 100);
    // Assess
    expect(three.rows.map((r) => r.id)).toEqual(NEWEST_FIRST.slice(0, 3));
    expect(three.complete).toBe(false);
    expect(exact.rows.map((r) => r.id)).toEqual(NEWEST_FIRST);
    expect(exact.complete).toBe(true);
    expect(short.complete).toBe(false);
    expect(in1950.rows.map((r) => r.id)).toEqual([
      'a9',
      'a2',
      'a1',
      'a3',
      'a4',
    ]);
    expect(in1950.rows[0]).toEqual({
      id: 'a9',
      documentType: 'memorandum',
      date: '1950-10-13',
      people: [],
    });
    // with a type, an upper bound alone keeps undated records (as listings by type)
    expect(letters.rows.map((r) => r.id)).toEqual(['a2', 'a8']);
  });

  it('stores no year set and no year-index keys', async () => {
    // Act
    const meta = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'META' },
      })
    );
    const { Items } = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'DOC#a1' },
      })
    );
    // Assess
    expect(meta.Items).toEqual([]);
    expect(Items?.[0]).not.toHaveProperty('GSI2PK');
  });
});
