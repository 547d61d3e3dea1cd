import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  attributeValueSize,
  type CapacityDesign,
  deleteWriteUnits,
  type Item,
  itemSize,
  projectedItem,
  projectedSize,
  putWriteUnits,
  readUnits,
} from '#shared/store/capacity.ts';

/** An invented design: one index of each projection type. */
const DESIGN: CapacityDesign = {
  partitionKey: { name: 'PK' },
  sortKey: { name: 'SK' },
  globalSecondaryIndexes: [
    {
      indexName: 'all',
      partitionKey: { name: 'A1' },
      sortKey: { name: 'A2' },
      projection: { type: 'ALL' },
    },
    {
      indexName: 'keys',
      partitionKey: { name: 'K1' },
      sortKey: { name: 'K2' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      indexName: 'include',
      partitionKey: { name: 'I1' },
      projection: { type: 'INCLUDE', nonKeyAttributes: ['title', 'date'] },
    },
  ],
};

const item = (o: Record<string, unknown>) =>
  marshall(o, { removeUndefinedValues: true }) as Item;

describe('itemSize', () => {
  it('adds attribute names and values by DynamoDB rules', () => {
    // Prepare: names PK(2) SK(2) t(1) n(1) b(1) bin(3) nul(3)
    const i: Item = {
      PK: { S: 'DOC#1' }, // 5
      SK: { S: 'RECORD' }, // 6
      t: { S: 'é' }, // 2 bytes in UTF-8
      n: { N: '12345' }, // 5 significant digits: 3 + 1
      b: { BOOL: true }, // 1
      bin: { B: new Uint8Array(7) }, // 7
      nul: { NULL: true }, // 1
    };
    // Act
    const size = itemSize(i);
    // Assess
    expect(size).toBe(2 + 5 + 2 + 6 + 1 + 2 + 1 + 4 + 1 + 1 + 3 + 7 + 3 + 1);
  });

  it('trims zeros of numbers and counts negative numbers one more', () => {
    expect(attributeValueSize({ N: '1000' })).toBe(2);
    expect(attributeValueSize({ N: '0.0012' })).toBe(2);
    expect(attributeValueSize({ N: '123.45' })).toBe(4);
    expect(attributeValueSize({ N: '-7' })).toBe(3);
  });

  it('counts 3 bytes per list or map plus 1 per element', () => {
    // Prepare
    const list: Item = { l: { L: [{ S: 'ab' }, { N: '1' }] } };
    const map: Item = { m: { M: { k: { S: 'abc' } } } };
    // Assess: name + 3 + (1 + 2) + (1 + 2)
    expect(itemSize(list)).toBe(1 + 3 + 3 + 3);
    // name + 3 + (1 + key 1 + value 3)
    expect(itemSize(map)).toBe(1 + 3 + 5);
  });

  it('sums set members and reads binary in base64 from a JSON capture', () => {
    expect(attributeValueSize({ SS: ['ab', 'cde'] })).toBe(5);
    expect(attributeValueSize({ NS: ['1', '22', '333'] })).toBe(2 + 2 + 3);
    const captured = JSON.parse(
      JSON.stringify({ B: Buffer.from('hello').toString('base64') })
    );
    expect(attributeValueSize(captured)).toBe(5);
  });
});

describe('projectedItem', () => {
  const record = item({
    PK: 'DOC#9',
    SK: 'RECORD',
    A1: 'TYPE#letter',
    A2: '1950#9',
    K1: 'YEAR#1950',
    K2: '1950#9',
    I1: 'TELEGRAM#12',
    title: 'A letter',
    date: '1950-01-01',
    body: 'x'.repeat(3000),
  });

  it('keeps the whole item for ALL', () => {
    expect(projectedItem(record, 'all', DESIGN)).toEqual(record);
  });

  it('keeps table and index keys only for KEYS_ONLY', () => {
    expect(
      Object.keys(projectedItem(record, 'keys', DESIGN) ?? {}).sort()
    ).toEqual(['K1', 'K2', 'PK', 'SK']);
  });

  it('adds the included attributes for INCLUDE', () => {
    expect(
      Object.keys(projectedItem(record, 'include', DESIGN) ?? {}).sort()
    ).toEqual(['I1', 'PK', 'SK', 'date', 'title']);
  });

  it('has no entry when the item lacks an index key (sparse index)', () => {
    const noSort = item({ PK: 'DOC#9', SK: 'RECORD', A1: 'TYPE#letter' });
    expect(projectedItem(noSort, 'all', DESIGN)).toBeNull();
    expect(projectedSize(noSort, 'all', DESIGN)).toBe(0);
  });

  it('rejects an index the design does not have', () => {
    expect(() => projectedItem(record, 'nope', DESIGN)).toThrow(/nope/);
  });
});

describe('putWriteUnits', () => {
  const big = item({
    PK: 'DOC#9',
    SK: 'RECORD',
    A1: 'TYPE#letter',
    A2: '1950#9',
    K1: 'YEAR#1950',
    K2: '1950#9',
    I1: 'TELEGRAM#12',
    title: 'A letter',
    body: 'x'.repeat(2500),
  });

  it('prices each GSI by its projection, not by the whole item', () => {
    // Act
    const u = putWriteUnits(big, null, DESIGN);
    // Assess: ~2.6 KB item: 3 units in the table and in the ALL index,
    // 1 in the KEYS_ONLY and INCLUDE indexes
    expect(u.table).toBe(3);
    expect(u.indexes).toEqual({ all: 3, keys: 1, include: 1 });
    expect(u.total).toBe(8);
  });

  it('costs one unit for a small item in no index', () => {
    const u = putWriteUnits(item({ PK: 'SHA256#ab', SK: 'DOC' }), null, DESIGN);
    expect(u).toEqual({ table: 1, indexes: {}, total: 1 });
  });

  it('rounds a write of exactly 1 KB to one unit and 1 KB + 1 byte to two', () => {
    // Prepare: names PK SK v = 5 bytes, values DOC#1 (5) RECORD (6)
    const exact = item({ PK: 'DOC#1', SK: 'RECORD', v: 'y'.repeat(1024 - 16) });
    const over = item({ PK: 'DOC#1', SK: 'RECORD', v: 'y'.repeat(1025 - 16) });
    // Assess
    expect(itemSize(exact)).toBe(1024);
    expect(putWriteUnits(exact, null, DESIGN).table).toBe(1);
    expect(putWriteUnits(over, null, DESIGN).table).toBe(2);
  });

  it('charges the larger of the old and the new item in the table', () => {
    const small = item({ PK: 'DOC#9', SK: 'RECORD' });
    expect(putWriteUnits(small, big, DESIGN).table).toBe(3);
  });

  it('charges nothing in an index whose entry does not change', () => {
    // Prepare: only a non-projected attribute changes
    const next = { ...big, body: { S: 'z'.repeat(2500) } };
    // Act
    const u = putWriteUnits(next, big, DESIGN);
    // Assess
    expect(u.indexes).toEqual({ all: 3 });
  });

  it('charges delete and put when an index key changes', () => {
    // Prepare
    const next = { ...big, K1: { S: 'YEAR#1951' } };
    // Act
    const u = putWriteUnits(next, big, DESIGN);
    // Assess: the KEYS_ONLY entry moves (1 + 1); ALL rewritten (3)
    expect(u.indexes).toEqual({ all: 3, keys: 2 });
  });

  it('charges the removal of an entry the new item no longer has', () => {
    const { I1: _, ...rest } = big;
    const u = putWriteUnits(rest, big, DESIGN);
    expect(u.indexes.include).toBe(1);
  });
});

describe('deleteWriteUnits', () => {
  it('costs the item and its index entries when known, 1 when not', () => {
    const i = item({
      PK: 'DOC#1',
      SK: 'RECORD',
      K1: 'YEAR#1950',
      K2: '1950#1',
    });
    expect(deleteWriteUnits(i, DESIGN)).toEqual({
      table: 1,
      indexes: { keys: 1 },
      total: 2,
    });
    expect(deleteWriteUnits(null, DESIGN).total).toBe(1);
  });
});

describe('readUnits', () => {
  it('rounds the summed size up to 4 KB, halves eventually consistent', () => {
    const a = item({ PK: 'P', SK: 'S', v: 'x'.repeat(3000) });
    expect(readUnits([a], true)).toBe(1);
    expect(readUnits([a, a], true)).toBe(2);
    expect(readUnits([a, a], false)).toBe(1);
    expect(readUnits([], true)).toBe(1);
    expect(readUnits([], false)).toBe(0.5);
  });
});
