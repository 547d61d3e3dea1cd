/**
 * LocalTextIndex over an in-memory source (records and texts in maps) and
 * a real file in a temp dir: ordering of updates, failure records, reads
 * per search, texts that are gone, the file's atomic write and versions.
 * tests/integration/text-index.test.ts runs it inside a real runtime.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalTextIndex, TEXT_INDEX_FILE } from '#local/text-index.ts';
import { NotFoundError, ValidationError } from '#shared/errors/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

/** The few record fields the index reads. */
function record(
  id: string,
  processedAt: string,
  status: 'ok' | 'failed' = 'ok'
): DocumentRecord {
  return {
    id,
    status,
    processedAt,
    text: status === 'ok' ? { uri: `s3://d/${id}/${processedAt}.txt` } : null,
  } as DocumentRecord;
}

function fakeSource() {
  const records = new Map<string, DocumentRecord>();
  const texts = new Map<string, string>();
  const reads: string[] = [];
  return {
    records,
    texts,
    reads,
    store(r: DocumentRecord, text?: string) {
      records.set(r.id, r);
      if (r.text?.uri && text !== undefined) texts.set(r.text.uri, text);
      return r;
    },
    source: {
      listRecords: async () => ({ items: [...records.values()], cursor: null }),
      readText: async (uri: string) => {
        reads.push(uri);
        const text = texts.get(uri);
        if (text === undefined) throw new NotFoundError(`${uri} is gone`);
        return text;
      },
    },
  };
}

describe('LocalTextIndex', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'text-index-unit-'));
    file = join(dir, TEXT_INDEX_FILE);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('ignores an update older than the one already applied, and drops failure records', async () => {
    // Prepare
    const fake = fakeSource();
    const index = new LocalTextIndex({ file: null, source: fake.source });
    const newer = fake.store(record('a', '2026-02-02'), 'the new wording');
    const older = record('a', '2026-01-01');
    fake.texts.set(older.text!.uri!, 'the old wording');

    // Act
    await index.update(newer);
    await index.update(older);

    // Assess
    expect(await index.search('old', 10)).toEqual([]);
    expect((await index.search('new', 10)).map((h) => h.id)).toEqual(['a']);

    // Act: the document fails on a later run
    await index.update(record('a', '2026-03-03', 'failed'));

    // Assess
    expect(await index.search('new', 10)).toEqual([]);
    expect(index.stats.documents).toBe(0);
  });

  it('stops reading texts once the limit is verified, and reuses texts read before', async () => {
    // Prepare
    const fake = fakeSource();
    for (let i = 0; i < 20; i += 1) {
      fake.store(record(`d${i}`, '2026-01-01'), `report number ${i} on wheat`);
    }
    const index = new LocalTextIndex({
      file: null,
      source: fake.source,
      concurrency: 4,
    });
    await index.open();
    fake.reads.length = 0;

    // Act
    const first = await index.search('wheat', 3);
    const readsFirst = fake.reads.length;
    const again = await index.search('wheat', 3);

    // Assess
    expect(first).toHaveLength(3);
    expect(readsFirst).toBe(4); // one batch of 4
    expect(again.map((h) => h.id)).toEqual(first.map((h) => h.id));
    expect(fake.reads).toHaveLength(4); // the second search read nothing
  });

  it('leaves out a hit whose text is gone, and says so', async () => {
    // Prepare
    const fake = fakeSource();
    const logs: string[] = [];
    const kept = fake.store(record('kept', '2026-01-01'), 'barley harvest');
    const gone = fake.store(record('gone', '2026-01-01'), 'barley harvest');
    const index = new LocalTextIndex({
      file: null,
      source: fake.source,
      log: (l) => logs.push(l),
    });
    await index.open();
    fake.texts.delete(gone.text!.uri!);

    // Act
    const hits = await index.search('barley', 10);

    // Assess
    expect(hits.map((h) => h.id)).toEqual([kept.id]);
    expect(logs.join('\n')).toMatch(/gone.*is gone; its hits are left out/);
  });

  it('rejects a bad query or limit with a ValidationError', async () => {
    const index = new LocalTextIndex({
      file: null,
      source: fakeSource().source,
    });
    await expect(index.search('"open', 10)).rejects.toThrow(ValidationError);
    await expect(index.search('wheat', 0)).rejects.toThrow(
      /limit: expected a positive integer, got 0/
    );
  });

  it('writes the file atomically after the debounce, leaving no temp file', async () => {
    // Prepare
    const fake = fakeSource();
    const index = new LocalTextIndex({
      file,
      source: fake.source,
      flushDelayMs: 20,
    });
    await index.open();

    // Act
    await index.update(
      fake.store(record('r', '2026-01-01'), 'rye prices in spring')
    );
    await new Promise((ok) => setTimeout(ok, 150));

    // Assess
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.entries).toEqual({
      r: { uri: 's3://d/r/2026-01-01.txt', stamp: '2026-01-01' },
    });
    expect(await readdir(dir)).toEqual([TEXT_INDEX_FILE]);
    await index.close();
  });

  it('rebuilds a file written by another tokenizer version', async () => {
    // Prepare
    const fake = fakeSource();
    fake.store(record('o', '2026-01-01'), 'oats');
    const first = new LocalTextIndex({ file, source: fake.source });
    await first.open();
    await first.close();
    const data = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...data, tokenizer: -1 }));
    const logs: string[] = [];

    // Act
    const report = await new LocalTextIndex({
      file,
      source: fake.source,
      log: (l) => logs.push(l),
    }).open();

    // Assess
    expect(report).toMatchObject({ from: 'rebuilt', added: 1 });
    expect(report.reason).toMatch(/another version .*tokenizer -1/);
    expect(logs[0]).toMatch(/rebuilding it from the store/);
  });
});
