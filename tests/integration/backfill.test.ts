/**
 * The embedded runtime's backfill (local/backfill.ts) against dynalite:
 * the shared segment loop over parallel-scan segments enqueues every
 * selected record exactly once across segments, whatever the segment
 * count and page size, reads both store layouts, and counts right.
 */
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReprocessMessage } from '#functions/ingest/events.ts';
import {
  type LocalBackfillProgress,
  runLocalBackfill,
} from '#local/backfill.ts';
import type { OutgoingMessage, Selection } from '#shared/backfill/index.ts';
import { PARSER_VERSION } from '#shared/extract/version.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import { INDEX_VERSION } from '#shared/store/keys.ts';
import { encodeRecordItem } from '#shared/store/record-codec.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';
import { commitOf, makeRecord } from './helpers/records.ts';

type Kind = 'current' | 'old-parser' | 'old-index';

interface Seeded {
  id: string;
  kind: Kind;
  status: 'ok' | 'failed';
  /** Null: the record has no source to re-read. */
  key: string | null;
}

let stack: LocalStack;
const seeded: Seeded[] = [];

/** A record item put as is (the store's current layout, or the legacy one). */
async function put(
  id: string,
  options: {
    kind: Kind;
    status?: 'ok' | 'failed';
    legacy?: boolean;
    source?: 'none' | 'deleted';
  }
): Promise<void> {
  const status = options.status ?? 'ok';
  const record = makeRecord(id, {
    parserVersion: options.kind === 'old-parser' ? '0.0.1' : PARSER_VERSION,
    status,
    ...(options.source === 'none'
      ? { source: { sha256: '0'.repeat(64), size: 1, contentType: null } }
      : {}),
  });
  const item = {
    PK: `DOC#${id}`,
    SK: 'RECORD',
    entity: 'record',
    documentId: id,
    status,
    parserVersion: record.parserVersion,
    record,
    ownedKeys: [],
    updatedAt: record.processedAt,
    indexVersion:
      options.kind === 'old-index' ? INDEX_VERSION - 1 : INDEX_VERSION,
    ...(options.source === 'deleted' ? { sourceDeleted: true } : {}),
  };
  await stack.db.send(
    new PutCommand({
      TableName: stack.tableName,
      // the store sets `sourceDeleted` beside the body (markSourceDeleted)
      Item: options.legacy
        ? item
        : {
            ...encodeRecordItem(item as never),
            ...(options.source === 'deleted' ? { sourceDeleted: true } : {}),
          },
    })
  );
  seeded.push({
    id,
    kind: options.kind,
    status,
    key: options.source ? null : (record.source.key ?? null),
  });
}

beforeAll(async () => {
  stack = await startLocalStack();
  // records the store commits (with their person, event and hash items)
  const store = new DynamoDocumentStore(stack.db, stack.tableName);
  for (let i = 0; i < 12; i += 1) {
    const id = `c${i}`;
    const old = i % 3 === 0;
    const record = makeRecord(id, {
      parserVersion: old ? '0.0.1' : PARSER_VERSION,
      authors: [`Author ${i}`],
      recipients: ['Stalin I.V.'],
      date: `1950-0${(i % 9) + 1}-01`,
    });
    await store.commit(commitOf(record));
    seeded.push({
      id,
      kind: old ? 'old-parser' : 'current',
      status: 'ok',
      key: record.source.key ?? null,
    });
  }
  // edge cases put directly, in both layouts
  for (let i = 0; i < 6; i += 1) {
    await put(`p${i}`, { kind: i % 2 ? 'old-index' : 'current' });
    await put(`l${i}`, { kind: 'old-parser', legacy: true });
  }
  await put('f0', { kind: 'old-parser', status: 'failed' });
  await put('f1', { kind: 'current', status: 'failed' });
  await put('n0', { kind: 'old-parser', source: 'none' });
  await put('d0', { kind: 'old-index', source: 'deleted' });
  await put('d1', { kind: 'current', source: 'deleted', legacy: true });
}, 60_000);

afterAll(async () => {
  await stack.close();
});

async function backfill(
  selection: Selection,
  totalSegments: number,
  pageLimit = 3
) {
  const sent: OutgoingMessage[] = [];
  const skipped: string[] = [];
  const progress: LocalBackfillProgress[] = [];
  const result = await runLocalBackfill({
    db: stack.db,
    tableName: stack.tableName,
    selection,
    totalSegments,
    pageLimit,
    send: async (entries) => {
      sent.push(...entries);
    },
    onSkip: (id) => skipped.push(id),
    onProgress: (p) => progress.push(p),
  });
  return { sent, skipped, progress, result };
}

function keysOf(messages: readonly OutgoingMessage[]): string[] {
  return messages.map((m) => (m.message as ReprocessMessage).key).sort();
}

async function tableItemCount(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await stack.db.send(
      new ScanCommand({
        TableName: stack.tableName,
        Select: 'COUNT',
        ExclusiveStartKey: start,
      })
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

describe('local backfill (dynalite)', () => {
  it('enqueues every record with a source exactly once across segments, for any segment count', async () => {
    // Prepare
    const expected = seeded.flatMap((s) => (s.key ? [s.key] : [])).sort();
    const items = await tableItemCount();

    for (const segments of [1, 3, 8]) {
      // Act
      const { sent, skipped, result } = await backfill(
        { mode: 'all' },
        segments
      );

      // Assess
      expect(keysOf(sent), `${segments} segments`).toEqual(expected);
      expect(skipped.sort()).toEqual(['d0', 'd1', 'n0']);
      expect(result.complete).toBe(true);
      expect(result.counts).toEqual({
        scanned: items,
        selected: seeded.length,
        enqueued: expected.length,
        skipped: 3,
      });
    }
    // the table holds more than record items: they were scanned, not sent
    expect(items).toBeGreaterThan(seeded.length);
  });

  it('sends forced reprocess messages naming the record and its source', async () => {
    // Act
    const { sent } = await backfill({ mode: 'all' }, 2);

    // Assess
    const c1 = sent.find((m) => m.documentId === 'c1');
    expect(c1?.message).toEqual({
      type: 'reprocess',
      bucket: 'raw',
      key: 'incoming/c1.txt',
      force: true,
    });
  });

  it('takes only stale records: an older parser or an older index layout', async () => {
    // Prepare
    const stale = seeded.filter((s) => s.kind !== 'current');

    // Act
    const { sent, skipped, result } = await backfill({ mode: 'stale' }, 4);

    // Assess
    expect(keysOf(sent)).toEqual(
      stale.flatMap((s) => (s.key ? [s.key] : [])).sort()
    );
    expect(skipped.sort()).toEqual(['d0', 'n0']);
    expect(result.counts.selected).toBe(stale.length);
    expect(sent.some((m) => m.documentId.startsWith('p0'))).toBe(false);
  });

  it('takes records older than a parser version, of one status, without forcing', async () => {
    // Act
    const { sent, result } = await backfill(
      {
        mode: 'older-than-parser',
        olderThanParser: PARSER_VERSION,
        status: 'failed',
      },
      3
    );

    // Assess
    expect(sent.map((m) => m.documentId)).toEqual(['f0']);
    expect(sent[0]?.message.force).toBe(false);
    expect(result.counts).toMatchObject({
      selected: 1,
      enqueued: 1,
      skipped: 0,
    });
  });

  it('reports progress per page and per segment, ending at the totals', async () => {
    // Act
    const { progress, result } = await backfill({ mode: 'all' }, 5, 2);

    // Assess
    const last = progress.at(-1);
    expect(last).toEqual({
      segmentsDone: 5,
      totalSegments: 5,
      counts: result.counts,
    });
    const done = progress.map((p) => p.segmentsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const enqueued = progress.map((p) => p.counts.enqueued);
    expect(enqueued).toEqual([...enqueued].sort((a, b) => a - b));
    // small pages: more progress reports than segments
    expect(progress.length).toBeGreaterThan(5);
  });
});
