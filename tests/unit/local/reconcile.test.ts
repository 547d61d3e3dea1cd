import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  type ListedObject,
  objectsToEnqueue,
  reconcile,
  type StartupProgress,
} from '#local/reconcile.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

const object = (key: string, eTag: string): ListedObject => ({
  key,
  size: 10,
  eTag: `"${eTag}"`,
});

describe('objectsToEnqueue', () => {
  it('picks objects with no record or a record of other bytes, and leaves dead letters to redrive', () => {
    // Prepare
    const objects = [
      object('incoming/new.txt', 'n1'),
      object('incoming/same.txt', 's1'),
      object('incoming/changed.txt', 'c2'),
      object('incoming/dead.txt', 'd1'),
    ];
    const etags = new Map<string, string | null>([
      [documentIdFor('raw', 'incoming/same.txt'), 's1'],
      [documentIdFor('raw', 'incoming/changed.txt'), '"c1"'],
    ]);

    // Act
    const todo = objectsToEnqueue(
      'raw',
      objects,
      etags,
      new Set(['incoming/dead.txt'])
    );

    // Assess
    expect(todo.map((o) => o.key)).toEqual([
      'incoming/new.txt',
      'incoming/changed.txt',
    ]);
  });
});

describe('reconcile', () => {
  it('reads one listing and one scan of the records (no read per object), with progress', async () => {
    // Prepare: 2,500 stored objects in three listing pages; records for all
    // but two, read in three pages of a scan
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    const keys = Array.from(
      { length: 2500 },
      (_, i) => `incoming/p${String(i).padStart(4, '0')}.txt`
    );
    mock.on(ListObjectsV2Command).callsFake((input) => {
      const from = input.StartAfter ? keys.indexOf(input.StartAfter) + 1 : 0;
      const page = keys.slice(from, from + 1000);
      return {
        Contents: page.map((Key) => ({ Key, Size: 10, ETag: '"e"' })),
        IsTruncated: from + 1000 < keys.length,
      };
    });
    const records = keys
      .filter((k) => k !== 'incoming/p0007.txt' && k !== 'incoming/p2400.txt')
      .map(
        (key) =>
          ({
            id: documentIdFor('raw', key),
            source: { etag: '"e"' },
          }) as DocumentRecord
      );
    let scans = 0;
    const enqueued: string[] = [];
    const progress: StartupProgress[] = [];

    // Act
    const result = await reconcile({
      s3,
      bucket: 'raw',
      prefix: 'incoming/',
      listRecords: async ({ cursor }) => {
        scans += 1;
        const from = cursor ? Number(cursor) : 0;
        const next = from + 1000;
        return {
          items: records.slice(from, next),
          cursor: next < records.length ? String(next) : null,
        };
      },
      deadKeys: async () => new Set(),
      enqueue: (o) => enqueued.push(o.key),
      onProgress: (p) => progress.push(p),
    });

    // Assess
    expect(result).toEqual(['incoming/p0007.txt', 'incoming/p2400.txt']);
    expect(enqueued).toEqual(result);
    expect(mock.commandCalls(ListObjectsV2Command)).toHaveLength(3);
    expect(mock.commandCalls(HeadObjectCommand)).toHaveLength(0);
    expect(mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(scans).toBe(3);
    expect(progress[0]).toEqual({
      phase: 'listing',
      objects: 0,
      records: 0,
      enqueued: 0,
    });
    expect(progress.map((p) => p.phase)).toContain('checking');
    expect(progress.at(-1)).toEqual({
      phase: 'ready',
      objects: 2500,
      records: 2498,
      enqueued: 2,
    });
  });
});
