import { describe, expect, it } from 'vitest';
import type { RecordItem } from '#shared/store/items.ts';
import {
  decodeRecordItem,
  encodeRecordItem,
} from '#shared/store/record-codec.ts';
import { makeRecord } from '../../integration/helpers/records.ts';

/** A record item as a commit builds it (invented record, two corrections). */
function recordItem(): RecordItem {
  const record = makeRecord('c1', {
    date: '1950-10',
    authors: ['Kim Il Sung'],
    summary: 'A long summary. '.repeat(40),
  });
  return {
    PK: 'DOC#c1',
    SK: 'RECORD',
    entity: 'record',
    documentId: 'c1',
    status: 'ok',
    parserVersion: record.parserVersion,
    record,
    processingKey: 'raw/incoming/c1.txt#etag@test',
    sequencer: '00AB',
    revision: 3,
    ownedKeys: [{ PK: 'PERSON#kim ilsung', SK: '1950-10#c1' }],
    run: {
      eventTime: '2024-05-01T00:00:00.000Z',
      runId: 'abcd1234',
      events: [
        {
          type: 'stored',
          at: '2024-05-01T00:00:01.000Z',
          agent: 'test',
          parserVersion: record.parserVersion,
          outcome: 'ok',
          detail: { capped: [] },
        },
      ],
    },
    capped: ['summary'],
    corrections: [
      {
        id: 'k1',
        path: 'title',
        value: 'Corrected',
        status: 'applied',
      } as unknown as NonNullable<RecordItem['corrections']>[number],
    ],
    updatedAt: record.processedAt,
    indexVersion: 5,
    reviewFlags: [],
    documentType: 'telegram',
    date: '1950-10',
    people: ['Kim Il Sung'],
    GSI1PK: 'TYPE#telegram',
    GSI1SK: '1950-10#c1',
  };
}

describe('record item codec', () => {
  it('keeps what conditions, indexes and facets read top level and compresses the rest, and reads it back equal', () => {
    // Prepare
    const item = recordItem();
    // Act
    const stored = encodeRecordItem(item);
    const read = decodeRecordItem(stored);
    // Assess
    expect(read).toEqual(item);
    expect(stored.body).toBeInstanceOf(Uint8Array);
    for (const name of ['record', 'ownedKeys', 'run', 'corrections']) {
      expect(stored, name).not.toHaveProperty(name);
    }
    expect(stored).toMatchObject({
      revision: 3,
      status: 'ok',
      processingKey: item.processingKey,
      GSI1PK: 'TYPE#telegram',
      people: ['Kim Il Sung'],
      // what a scan for corrected records filters on
      corrected: 1,
    });
    const json = JSON.stringify({
      record: item.record,
      run: item.run,
      ownedKeys: item.ownedKeys,
    });
    expect((stored.body as Uint8Array).length).toBeLessThan(json.length / 2);
  });

  it('reads an item of the old layout (plain record, final event apart)', () => {
    // Prepare
    const { run: _run, ...rest } = recordItem();
    const old = { ...rest, indexVersion: 4 };
    // Act
    const read = decodeRecordItem(old);
    // Assess
    expect(read.record).toEqual(old.record);
    expect(read.ownedKeys).toEqual(old.ownedKeys);
    expect(read.run).toBeUndefined();
  });

  it('applies a source deletion marked after the body was written, and drops the mark on the next write', () => {
    // Prepare
    const stored = { ...encodeRecordItem(recordItem()), sourceDeleted: true };
    // Act
    const read = decodeRecordItem(stored);
    const rewritten = encodeRecordItem(read);
    // Assess
    expect(read.record.source.deleted).toBe(true);
    expect(rewritten).not.toHaveProperty('sourceDeleted');
    expect(decodeRecordItem(rewritten).record.source.deleted).toBe(true);
  });
});
