import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TransientError } from '#shared/errors/index.ts';
import { extract, PARSER_VERSION } from '#shared/extract/index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { ingestObject } from '#shared/pipeline/ingest-object.ts';
import { removeObject } from '#shared/pipeline/remove-object.ts';
import { MemoryObjects, MemoryStore } from './fakes.ts';

const seed = readFileSync('fixtures/pages/seed.txt', 'utf8');
const clock = () => new Date('2024-05-01T12:00:00.000Z');

function setup() {
  const objects = new MemoryObjects();
  const store = new MemoryStore();
  return { objects, store, adapters: { objects, store, clock, agent: 'unit' } };
}

describe('ingestObject', () => {
  it('commits an ok record built from extract() with the source link, its text the source itself', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'incoming/seed.txt', seed, 'text/plain');
    // Act
    const result = await ingestObject({ ...o, sequencer: '0A' }, adapters);
    // Assess
    const id = documentIdFor('raw', 'incoming/seed.txt');
    expect(result).toMatchObject({ outcome: 'stored', status: 'ok', id });
    const commit = store.commits[0]!;
    expect(commit.record).toMatchObject({
      ...extract(seed),
      parserVersion: PARSER_VERSION,
      source: {
        bucket: 'raw',
        key: 'incoming/seed.txt',
        etag: o.etag,
        size: o.size,
      },
    });
    expect(commit.processingKey).toBe(
      `raw/incoming/seed.txt#${o.etag}@${PARSER_VERSION}`
    );
    expect(commit.sequencer).toBe('0A'.padStart(32, '0'));
    expect(commit.events.map((e) => e.type)).toEqual([
      'received',
      'fixity',
      'decoded',
      'extracted',
      'validated',
    ]);
    expect(commit.finalEvent.type).toBe('stored');
    // a UTF-8 text decodes to its own bytes: no second copy is written
    expect(commit.record.text?.uri).toBe('s3://raw/incoming/seed.txt');
    expect(commit.record.text?.uri).toBe(commit.record.source.uri);
    expect(objects.derived.size).toBe(0);
    expect(await objects.getDerivedText(commit.record.text!.uri!)).toBe(seed);
  });

  it('does nothing for an event it already processed with this parser', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'k.txt', seed);
    await ingestObject(o, adapters);
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(store.commits).toHaveLength(1);
  });

  it('re-runs a processed version when forced', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'k.txt', seed);
    await ingestObject(o, adapters);
    // Act
    const result = await ingestObject(o, adapters, {
      force: true,
      reprocess: true,
    });
    // Assess
    expect(result.outcome).toBe('stored');
    expect(store.commits).toHaveLength(2);
  });

  it('drops an event older than the stored one', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'k.txt', seed);
    await ingestObject({ ...o, sequencer: '0055AED6DCD90281F0' }, adapters);
    // Act
    const result = await ingestObject(
      { ...o, etag: 'older', sequencer: '0055AED6DCD90281E5' },
      adapters
    );
    // Assess
    expect(result.outcome).toBe('stale');
    expect(store.commits).toHaveLength(1);
  });

  it('records bytes first seen under another key as a duplicate of it', async () => {
    // Prepare
    const { objects, adapters } = setup();
    const a = objects.put('raw', 'a.txt', seed);
    const b = objects.put('raw', 'b.txt', seed);
    await ingestObject(a, adapters);
    // Act
    const result = await ingestObject(b, adapters);
    // Assess
    expect(result).toMatchObject({
      outcome: 'stored',
      duplicateOf: documentIdFor('raw', 'a.txt'),
    });
  });

  it('turns an object over the limit into a too-large failure record', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'big.txt', 'x'.repeat(101));
    // Act
    const result = await ingestObject(
      o,
      { ...adapters, limits: { maxBytes: 100 } },
      { attempt: 3 }
    );
    // Assess
    expect(result).toMatchObject({ status: 'failed', reason: 'too-large' });
    const record = store.commits[0]!.record;
    expect(record.failure).toMatchObject({ reason: 'too-large', attempts: 3 });
    expect(record.failure?.message).toContain('s3://raw/big.txt');
    expect(record.text).toBeNull();
    expect(store.commits[0]!.finalEvent.type).toBe('failed');
  });

  it('turns an undecodable object into a failure record with the decoder reason', async () => {
    // Prepare
    const { objects, adapters } = setup();
    const o = objects.put('raw', 'empty.txt', '');
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result).toMatchObject({ status: 'failed', reason: 'empty' });
  });

  it('throws TransientError when the object store is throttled, writing nothing', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'k.txt', seed);
    objects.failNext = Object.assign(new Error('slow down'), {
      name: 'SlowDown',
    });
    // Act / Assess
    await expect(ingestObject(o, adapters)).rejects.toBeInstanceOf(
      TransientError
    );
    expect(store.commits).toHaveLength(0);
  });

  it('records nothing for an object that no longer exists', async () => {
    // Prepare
    const { store, adapters } = setup();
    // Act
    const result = await ingestObject(
      { bucket: 'raw', key: 'gone.txt' },
      adapters
    );
    // Assess
    expect(result.outcome).toBe('not-found');
    expect(store.commits).toHaveLength(0);
  });
});

describe('ingestObject: where the full text is kept', () => {
  const page =
    'TOP SECRET\nTo Comrade Ivanov.\nThe shipment left on 3 May 1951.\n';

  it.each([
    {
      name: 'a UTF-8 text',
      bytes: () => new TextEncoder().encode(page),
      derived: false,
    },
    {
      name: 'a UTF-8 text with a byte-order mark',
      bytes: () =>
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page)]),
      derived: true,
    },
    {
      name: 'a windows-1251 text',
      bytes: () =>
        iconv.encode(`${page}Товарищу Иванову, секретно.\n`, 'windows-1251'),
      derived: true,
    },
    {
      name: 'a text with CRLF line endings',
      bytes: () => Buffer.from(page.replace(/\n/g, '\r\n')),
      derived: true,
    },
    {
      name: 'an HTML page',
      bytes: () =>
        Buffer.from(`<!doctype html><html><body><p>${page}</p></body></html>`),
      derived: true,
    },
  ])('$name: derived copy $derived', async (c) => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'incoming/page', c.bytes());
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result).toMatchObject({ outcome: 'stored', status: 'ok' });
    const record = store.commits[0]!.record;
    expect(objects.derived.size).toBe(c.derived ? 1 : 0);
    const uri = record.text!.uri!;
    expect(uri === record.source.uri).toBe(!c.derived);
    if (c.derived) expect(uri).toMatch(/^s3:\/\/derived\/derived\/text\//);
    // the text a reader gets is the decoded text either way
    const text = await objects.getDerivedText(uri);
    expect(text.length).toBe(record.text!.length);
    expect(text.startsWith(record.text!.excerpt)).toBe(true);
  });
});

describe('ingestObject with deferOcr (the text path)', () => {
  const scan = () =>
    new Uint8Array(readFileSync('fixtures/decode/image-only.pdf'));
  const png = () =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 1),
    ]);

  it.each([
    { name: 'an image-only PDF', bytes: scan },
    { name: 'an image', bytes: png },
  ])('hands $name back as needs-ocr, writing nothing', async (c) => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'incoming/scan', c.bytes());
    // Act
    const result = await ingestObject(o, adapters, { deferOcr: true });
    // Assess
    expect(result).toEqual({
      outcome: 'needs-ocr',
      id: documentIdFor('raw', 'incoming/scan'),
    });
    expect(store.commits).toHaveLength(0);
    expect(store.hashes.size).toBe(0);
    expect(objects.derived.size).toBe(0);
  });

  it('records a scan as a needs-ocr failure without deferOcr and no engine', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'incoming/scan.png', png());
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result).toMatchObject({
      outcome: 'stored',
      status: 'failed',
      reason: 'needs-ocr',
    });
    expect(store.commits).toHaveLength(1);
  });

  it('processes a text page as usual', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'incoming/seed.txt', seed);
    // Act
    const result = await ingestObject(o, adapters, { deferOcr: true });
    // Assess
    expect(result).toMatchObject({ outcome: 'stored', status: 'ok' });
    expect(store.commits).toHaveLength(1);
  });

  it('still fails other undecodable objects on the text path', async () => {
    // Prepare
    const { objects, adapters } = setup();
    const o = objects.put('raw', 'incoming/empty.txt', '');
    // Act
    const result = await ingestObject(o, adapters, { deferOcr: true });
    // Assess
    expect(result).toMatchObject({ status: 'failed', reason: 'empty' });
  });
});

describe('removeObject', () => {
  it('marks the source deleted and keeps the record', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'k.txt', seed);
    await ingestObject({ ...o, sequencer: '01' }, adapters);
    // Act
    const result = await removeObject(
      { bucket: 'raw', key: 'k.txt', sequencer: '02' },
      adapters
    );
    // Assess
    expect(result.outcome).toBe('marked-deleted');
    const state = await store.getState(documentIdFor('raw', 'k.txt'));
    expect(state?.record.source.deleted).toBe(true);
    expect(state?.record.status).toBe('ok');
  });

  it('ignores the permanent deletion of a version the record does not come from', async () => {
    // Prepare
    const { objects, store, adapters } = setup();
    const o = objects.put('raw', 'k.txt', seed);
    await ingestObject(o, adapters);
    const id = documentIdFor('raw', 'k.txt');
    const state = (await store.getState(id))!;
    store.states.set(id, {
      ...state,
      record: {
        ...state.record,
        source: { ...state.record.source, versionId: 'v2' },
      },
    });
    // Act
    const result = await removeObject(
      { bucket: 'raw', key: 'k.txt', deletedVersionId: 'v1' },
      adapters
    );
    // Assess
    expect(result.outcome).toBe('other-version');
    expect((await store.getState(id))?.record.source.deleted).toBeUndefined();
  });
});
