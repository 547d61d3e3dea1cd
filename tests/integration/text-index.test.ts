/**
 * The embedded runtime's full-text index (local/text-index.ts) on real
 * servers and real files: pages uploaded to s3rver, ingested by the real
 * handler into dynalite, indexed as they are committed, persisted to
 * `<data>/search-index.json`, loaded again, rebuilt when the file is
 * missing or unreadable, and reconciled with the store when records
 * changed or failed while the file was not looking.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '#cli/target.ts';
import {
  LOCAL_NAMES,
  type LocalRuntime,
  type RuntimeOptions,
  startRuntime,
} from '#local/runtime.ts';
import { TEXT_INDEX_FILE } from '#local/text-index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { TextHit } from '#shared/query/ports.ts';

// invented pages: each holds one phrase no other page has
const PAGES: Record<string, string> = {
  'incoming/harbour.txt':
    'MEMORANDUM\n\nThe delegation inspected the northern harbour cranes\nand reported the dredging works behind schedule.\n',
  'incoming/grain.txt':
    'REPORT\n\nGrain deliveries to the eastern provinces fell short;\nthe committee asks for rail wagons before the thaw.\n',
  'incoming/school.txt':
    'LETTER\n\nThe village school needs a new stove, two blackboards\nand a teacher of arithmetic before winter.\n',
};
const idOf = (key: string) => documentIdFor(LOCAL_NAMES.rawBucket, key);
const ids = (hits: TextHit[]) => hits.map((h) => h.id).sort();

async function upload(
  runtime: Pick<LocalRuntime, 's3'>,
  key: string,
  body: string
) {
  await runtime.s3.send(
    new PutObjectCommand({
      Bucket: LOCAL_NAMES.rawBucket,
      Key: key,
      // bytes, not a string: an empty string reads as a stream of unknown length
      Body: new TextEncoder().encode(body),
      ContentType: 'text/plain; charset=utf-8',
    })
  );
}

describe('the runtime text index', () => {
  let root: string;
  let data: string;
  let logs: string[];
  const start = (extra: RuntimeOptions = {}) =>
    startRuntime({
      dataDir: data,
      webDir: null,
      log: (line) => logs.push(line),
      ...extra,
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'archive-text-index-'));
    data = join(root, 'data');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('indexes pages as they are stored, and finds words and phrases in the body', async () => {
    // Prepare
    logs = [];
    const runtime = await start();
    try {
      // Act
      for (const [key, body] of Object.entries(PAGES)) {
        await upload(runtime, key, body);
      }
      await runtime.dispatcher.drain();

      // Assess: a phrase across a line break, a word, absent words
      const cranes = await runtime.textIndex.search(
        '"harbour cranes and reported"',
        10
      );
      expect(ids(cranes)).toEqual([idOf('incoming/harbour.txt')]);
      expect(cranes[0]!.snippet.text).toContain('harbour cranes and reported');
      const [from, to] = cranes[0]!.snippet.marks[0]!;
      expect(cranes[0]!.snippet.text.slice(from, to)).toBe(
        'harbour cranes and reported'
      );
      expect(ids(await runtime.textIndex.search('before', 10))).toEqual(
        [idOf('incoming/grain.txt'), idOf('incoming/school.txt')].sort()
      );
      // every word must be there: "before" is in two pages, "stove" in one
      expect(ids(await runtime.textIndex.search('before stove', 10))).toEqual([
        idOf('incoming/school.txt'),
      ]);
      // words present, phrase not: the index candidate is verified out
      expect(await runtime.textIndex.search('"cranes harbour"', 10)).toEqual(
        []
      );
      expect(logs.join('\n')).toMatch(/search-index\.json is missing/);
    } finally {
      await runtime.close();
    }
    // Assess: close wrote the file
    const file = JSON.parse(
      await readFile(join(data, TEXT_INDEX_FILE), 'utf8')
    );
    expect(Object.keys(file.entries).sort()).toEqual(
      Object.keys(PAGES).map(idOf).sort()
    );
  });

  it('loads the file at the next start without rebuilding (lazily, at the first search)', async () => {
    // Prepare
    logs = [];
    const runtime = await start({ reconcile: false });
    try {
      // Act
      const hits = await runtime.textIndex.search('blackboards', 10);
      const report = await runtime.textIndex.open();

      // Assess
      expect(ids(hits)).toEqual([idOf('incoming/school.txt')]);
      expect(report).toMatchObject({
        from: 'file',
        added: 0,
        updated: 0,
        removed: 0,
        documents: 3,
      });
      expect(logs.join('\n')).not.toMatch(/rebuild/);
    } finally {
      await runtime.close();
    }
  });

  it('rebuilds from the store when the file is unreadable, and says so', async () => {
    // Prepare
    logs = [];
    await writeFile(join(data, TEXT_INDEX_FILE), '{"format": "archive-text');
    const runtime = await start({ reconcile: false });
    try {
      // Act
      const report = await runtime.textIndex.open();

      // Assess
      expect(report).toMatchObject({ from: 'rebuilt', added: 3, documents: 3 });
      expect(report.reason).toMatch(/unreadable/);
      expect(logs.join('\n')).toMatch(
        /unreadable.*rebuilding it from the store/
      );
      expect(ids(await runtime.textIndex.search('wagons thaw', 10))).toEqual([
        idOf('incoming/grain.txt'),
      ]);
    } finally {
      await runtime.close();
    }
  });

  it('reconciles a file written before records changed, appeared or failed', async () => {
    // Prepare: keep the file as it is now, then change the store
    const stale = join(root, 'stale-index.json');
    await copyFile(join(data, TEXT_INDEX_FILE), stale);
    const first = await start();
    try {
      await upload(
        first,
        'incoming/harbour.txt',
        'MEMORANDUM\n\nThe southern harbour lighthouse was repainted in May.\n'
      );
      await upload(first, 'incoming/grain.txt', ''); // now a failure record
      await upload(
        first,
        'incoming/bridge.txt',
        'NOTE\n\nThe river bridge at the old mill reopened to carts.\n'
      );
      await first.dispatcher.drain();
    } finally {
      await first.close();
    }
    await copyFile(stale, join(data, TEXT_INDEX_FILE));

    // Act
    logs = [];
    const runtime = await start({ reconcile: false });
    try {
      const report = await runtime.textIndex.open();

      // Assess
      expect(report).toMatchObject({
        from: 'file',
        added: 1,
        updated: 1,
        removed: 1,
        documents: 3,
      });
      expect(logs.join('\n')).toMatch(/1 added, 1 updated, 1 removed/);
      expect(await runtime.textIndex.search('cranes', 10)).toEqual([]);
      expect(ids(await runtime.textIndex.search('lighthouse', 10))).toEqual([
        idOf('incoming/harbour.txt'),
      ]);
      expect(await runtime.textIndex.search('wagons', 10)).toEqual([]);
      expect(ids(await runtime.textIndex.search('"old mill"', 10))).toEqual([
        idOf('incoming/bridge.txt'),
      ]);
    } finally {
      await runtime.close();
    }
  });

  it('answers a command in another process through the running runtime', async () => {
    // Prepare: a running runtime (as `archive up`); the command attaches
    const runtime = await start({ reconcile: false });
    try {
      const target = await openTarget({ data });
      try {
        expect(target.label).toMatch(/^runtime pid/);
        // Act: a page stored after the command attached
        await upload(
          runtime,
          'incoming/well.txt',
          'NOTE\n\nThe well at the collective farm was deepened by four metres.\n'
        );
        await target.settle();
        const search = (await target.query.search({
          text: '"deepened by four"',
        })) as { items: { id: string }[] };

        // Assess
        expect(search.items.map((r) => r.id)).toEqual([
          idOf('incoming/well.txt'),
        ]);
      } finally {
        await target.close();
      }
    } finally {
      await runtime.close();
    }
  });

  it('lets a command in a fresh process find what an in-process upload stored', async () => {
    // Prepare: no runtime running; the upload command runs its own
    const uploader = await openTarget({ data }, { ingest: true });
    try {
      expect(uploader.label).toMatch(/^embedded runtime on/);
      await upload(
        uploader,
        'incoming/ferry.txt',
        'NOTE\n\nThe ferry timetable for the lake crossing changes in April.\n'
      );
      await uploader.settle();
    } finally {
      await uploader.close();
    }

    // Act: the next command starts its own runtime on the same data
    const querier = await openTarget({ data });
    try {
      const search = (await querier.query.search({
        text: 'ferry "lake crossing"',
      })) as { items: { id: string }[] };

      // Assess
      expect(search.items.map((r) => r.id)).toEqual([
        idOf('incoming/ferry.txt'),
      ]);
    } finally {
      await querier.close();
    }
  });

  it('keeps a --memory run in memory: no file', async () => {
    // Prepare
    const runtime = await startRuntime({ memory: true, webDir: null });
    try {
      await upload(runtime, 'incoming/orchard.txt', 'The orchard froze.\n');
      await runtime.dispatcher.drain();

      // Act
      const hits = await runtime.textIndex.search('orchard', 10);
      await runtime.textIndex.flush();

      // Assess
      expect(ids(hits)).toEqual([idOf('incoming/orchard.txt')]);
      expect(runtime.dataDir).toBeNull();
    } finally {
      await runtime.close();
    }
  });
});
