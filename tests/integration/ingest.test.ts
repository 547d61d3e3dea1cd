/**
 * The ingest handler against real local servers (dynalite + s3rver started
 * here): upload with the S3 client, deliver S3-shaped events, read DynamoDB.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import { extract, PARSER_VERSION } from '#shared/extract/index.ts';
import { EXCERPT_BYTES, truncateUtf8 } from '#shared/pipeline/bound-record.ts';
import { getDerivedText } from '#shared/pipeline/derived-text.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import {
  type DocumentRecord,
  ExtractionSchema,
} from '#shared/schema/record.ts';
import { personItems } from '#shared/store/items.ts';
import { s3Notification, sqsEvent, sqsRecord } from './helpers/events.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';

const MAX_BYTES = 1024 * 1024;
const seedText = readFileSync('fixtures/pages/seed.txt', 'utf8');
const fixture = (name: string) => readFileSync(`fixtures/decode/${name}`);

/** The extraction fields of a stored record. */
function extractionOf(record: DocumentRecord) {
  const fields = Object.keys(ExtractionSchema.shape) as Array<
    keyof typeof ExtractionSchema.shape
  >;
  return Object.fromEntries(fields.map((f) => [f, record[f]]));
}

/** What the record must equal: extract() of the text decode() yields. */
async function expectedExtraction(bytes: Uint8Array, key: string) {
  const decoded = await decode(bytes, { key, maxBytes: MAX_BYTES });
  if (!decoded.ok)
    throw new Error(`fixture does not decode: ${decoded.message}`);
  return { decoded, extraction: extract(decoded.text) };
}

describe('ingest handler (dynalite + s3rver)', () => {
  let stack: LocalStack;
  let h: Harness;

  beforeAll(async () => {
    stack = await startLocalStack();
    h = createHarness(stack, { maxBytes: MAX_BYTES });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stores the seed page as the extractor reads it, linked to its source, with audit and index items', async () => {
    // Prepare
    const u = await h.upload('incoming/seed.txt', seedText, 'text/plain');
    // Act
    const response = await h.deliver(h.created(u));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const item = await h.recordItem(u.key);
    const record = item!.record;
    expect(record.status).toBe('ok');
    expect(record.id).toBe(documentIdFor(stack.rawBucket, u.key));
    expect(extractionOf(record)).toEqual(extract(seedText));
    expect(record.title).toBe(
      'Telegram from Kim Il Sung to Stalin (via Shtykov)'
    );
    expect(record.parserVersion).toBe(PARSER_VERSION);
    expect(record.source).toMatchObject({
      bucket: stack.rawBucket,
      key: u.key,
      etag: u.eTag,
      size: u.size,
      uri: `s3://${stack.rawBucket}/${u.key}`,
    });
    expect(record.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.text?.excerpt).toBe(truncateUtf8(seedText, EXCERPT_BYTES));
    await expect(
      getDerivedText(record.id, { store: h.store, objects: h.objects })
    ).resolves.toBe(seedText);
    const trail = await h.store.getAuditTrail(record.id);
    expect(trail.map((e) => e.type)).toEqual([
      'received',
      'fixity',
      'decoded',
      'extracted',
      'validated',
      'stored',
    ]);
    expect(trail.every((e) => e.agent === 'ingest-test')).toBe(true);
    expect(trail.every((e) => e.parserVersion === PARSER_VERSION)).toBe(true);
    const people = (await h.itemsOf(record.id)).filter(
      (i) => i.entity === 'person'
    );
    expect(people.map((p) => `${p.PK}|${p.SK}`).sort()).toEqual(
      personItems(record)
        .map((p) => `${p.PK}|${p.SK}`)
        .sort()
    );
    expect(item!.GSI1PK).toBe(`TYPE#${record.documentType}`);
    // no year index (date ranges merge the type partitions)
    expect(item!.GSI2PK).toBeUndefined();
  });

  it('writes nothing twice when the same event is delivered again', async () => {
    // Prepare
    const u = await h.upload('incoming/dup-delivery.txt', `${seedText}\nA`);
    await h.deliver(h.created(u));
    const id = documentIdFor(stack.rawBucket, u.key);
    const before = await h.itemsOf(id);
    // Act: re-delivered alone, then twice in one batch (concurrently)
    const again = await h.deliver(h.created(u));
    const twice = await h.deliver(h.created(u), h.created(u));
    // Assess
    expect(again.batchItemFailures).toEqual([]);
    expect(twice.batchItemFailures).toEqual([]);
    const after = await h.itemsOf(id);
    expect(after).toEqual(before);
    expect(after.filter((i) => i.SK === 'RECORD')).toHaveLength(1);
  });

  it('drops an older event arriving after a newer one for the same key', async () => {
    // Prepare: v1 then v2 uploaded; S3 events arrive v2 first
    const key = 'incoming/out-of-order.txt';
    const v1 = await h.upload(key, `${seedText}\nversion one`);
    const v2 = await h.upload(key, `${seedText}\nversion two`);
    await h.deliver(h.created(v2));
    const id = documentIdFor(stack.rawBucket, key);
    const before = await h.itemsOf(id);
    // Act
    const response = await h.deliver(h.created(v1));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await h.itemsOf(id)).toEqual(before);
    const record = (await h.store.getRecord(id))!;
    expect(record.source.etag).toBe(v2.eTag);
  });

  it('replaces the record on a corrected re-upload and keeps the audit trail', async () => {
    // Prepare
    const key = 'incoming/corrected.txt';
    const v1 = await h.upload(key, `${seedText}\nfirst`);
    await h.deliver(h.created(v1));
    const id = documentIdFor(stack.rawBucket, key);
    const first = (await h.store.getRecord(id))!;
    // Act
    const v2 = await h.upload(key, `${seedText}\ncorrected`);
    await h.deliver(h.created(v2));
    // Assess
    const items = await h.itemsOf(id);
    const record = (await h.store.getRecord(id))!;
    expect(items.filter((i) => i.SK === 'RECORD')).toHaveLength(1);
    expect(record.source.sha256).not.toBe(first.source.sha256);
    expect(record.source.etag).toBe(v2.eTag);
    const trail = await h.store.getAuditTrail(id);
    expect(trail.filter((e) => e.type === 'stored')).toHaveLength(2);
  });

  it('acknowledges an s3:TestEvent and writes nothing', async () => {
    // Prepare
    const before = (await h.allItems()).length;
    const testEvent = JSON.parse(
      readFileSync('fixtures/events/s3-test-event.json', 'utf8')
    );
    // Act
    const response = await h.deliver(testEvent);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await h.allItems()).length).toBe(before);
  });

  it('acknowledges a message that is not an event and writes nothing', async () => {
    // Prepare
    const before = (await h.allItems()).length;
    // Act
    const response = await h.handler(
      sqsEvent(sqsRecord('not json'), sqsRecord({ hello: 'world' }))
    );
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await h.allItems()).length).toBe(before);
  });

  it('decodes an URL-encoded key with spaces and non-ASCII characters', async () => {
    // Prepare
    const key = 'incoming/Телеграмма № 600382 (copy) + note.txt';
    const u = await h.upload(key, seedText);
    // Act
    const response = await h.deliver(h.created(u));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = (await h.recordItem(key))!.record;
    expect(record.status).toBe('ok');
    expect(record.source.key).toBe(key);
    expect(record.id).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
  });

  it.each([
    {
      name: 'a Windows-1251 page',
      key: 'incoming/cp1251.txt',
      bytes: () =>
        iconv.encode(
          'Шифртелеграмма № 600382\nТоварищу СТАЛИНУ И.В.\nПрошу Вас оказать помощь.\nКИМ ИР СЕН\n',
          'win1251'
        ),
      format: 'text',
      encoding: 'windows-1251',
    },
    {
      name: 'a UTF-16 page',
      key: 'incoming/utf16.txt',
      bytes: () =>
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          iconv.encode(seedText, 'utf16le'),
        ]),
      format: 'text',
      encoding: 'utf-16le',
    },
    {
      name: 'an HTML page',
      key: 'incoming/archive-page.html',
      bytes: () => fixture('archive-page.html'),
      format: 'html',
    },
    {
      name: 'a PDF page',
      key: 'incoming/telegram.pdf',
      bytes: () => fixture('telegram.pdf'),
      format: 'pdf',
    },
  ])('stores $name as the extractor reads its decoded text', async (c) => {
    // Prepare
    const bytes = new Uint8Array(c.bytes());
    const { decoded, extraction } = await expectedExtraction(bytes, c.key);
    const u = await h.upload(c.key, bytes);
    // Act
    const response = await h.deliver(h.created(u));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = (await h.recordItem(c.key))!.record;
    expect(record.status).toBe('ok');
    expect(record.text?.format).toBe(c.format);
    if (c.encoding) expect(record.text?.encoding).toBe(c.encoding);
    expect(extractionOf(record)).toEqual(extraction);
    await expect(h.objects.getDerivedText(record.text!.uri!)).resolves.toBe(
      decoded.ok ? decoded.text : ''
    );
  });

  it.each([
    {
      name: 'an empty file',
      key: 'incoming/empty.txt',
      size: 0,
      reason: 'empty',
    },
    {
      name: 'a random binary file',
      key: 'incoming/random.bin',
      size: 4096,
      reason: 'unsupported-format',
    },
    {
      name: 'a file over the size limit',
      key: 'incoming/huge.txt',
      size: MAX_BYTES + 1,
      reason: 'too-large',
    },
    {
      name: 'a scanned PDF without a text layer',
      key: 'incoming/scan.pdf',
      size: -1,
      reason: 'needs-ocr',
    },
  ])('records $name as a failure with reason $reason', async (c) => {
    // Prepare
    const bytes =
      c.size === -1
        ? new Uint8Array(fixture('image-only.pdf'))
        : c.reason === 'too-large'
          ? new Uint8Array(c.size).fill(0x41)
          : new Uint8Array(randomBytes(c.size));
    const u = await h.upload(c.key, bytes);
    // Act
    const response = await h.deliver(h.created(u));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const item = (await h.recordItem(c.key))!;
    expect(item.record.status).toBe('failed');
    expect(item.record.failure?.reason).toBe(c.reason);
    expect(item.record.failure?.attempts).toBe(1);
    expect(item.record.source.key).toBe(c.key);
    expect(item.record.source.size).toBe(bytes.length);
    expect(item.GSI1PK).toBeUndefined();
    const trail = await h.store.getAuditTrail(item.record.id);
    expect(trail.at(-1)).toMatchObject({ type: 'failed', outcome: 'failed' });
  });

  it('keeps a page with more than 400 KB of text under the item limit', async () => {
    // Prepare
    const big = `${seedText}\n${'The struggle of our people will be protracted. '.repeat(12_000)}`;
    expect(big.length).toBeGreaterThan(400 * 1024);
    const u = await h.upload('incoming/big.txt', big);
    // Act
    const response = await h.deliver(h.created(u));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const item = (await h.recordItem(u.key))!;
    expect(item.record.status).toBe('ok');
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(300 * 1024);
    expect(item.record.text?.length).toBe(big.length);
    await expect(
      h.objects.getDerivedText(item.record.text!.uri!)
    ).resolves.toBe(big);
  });

  it('marks a second key with the same bytes as a duplicate of the first', async () => {
    // Prepare
    const text = `${seedText}\nsame bytes`;
    const a = await h.upload('incoming/same-a.txt', text);
    const b = await h.upload('incoming/same-b.txt', text);
    // Act
    await h.deliver(h.created(a));
    await h.deliver(h.created(b));
    // Assess
    const first = (await h.recordItem(a.key))!.record;
    const second = (await h.recordItem(b.key))!.record;
    expect(first.duplicateOf).toBeNull();
    expect(second.duplicateOf).toBe(first.id);
    expect(second.status).toBe('ok');
  });

  it('marks the source deleted on ObjectRemoved and keeps the record', async () => {
    // Prepare
    const u = await h.upload('incoming/removed.txt', `${seedText}\nremoved`);
    await h.deliver(h.created(u));
    // Act
    const response = await h.deliver(
      s3Notification({
        bucket: u.bucket,
        key: u.key,
        eventName: 'ObjectRemoved:Delete',
      })
    );
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = (await h.recordItem(u.key))!.record;
    expect(record.status).toBe('ok');
    expect(record.source.deleted).toBe(true);
    const trail = await h.store.getAuditTrail(record.id);
    expect(trail.map((e) => e.type)).toContain('source-deleted');
  });

  it('re-extracts a stored source on a forced reprocess message', async () => {
    // Prepare
    const u = await h.upload('incoming/reprocess.txt', `${seedText}\nagain`);
    await h.deliver(h.created(u));
    const id = documentIdFor(stack.rawBucket, u.key);
    // Act
    const plain = await h.deliver({
      type: 'reprocess',
      bucket: u.bucket,
      key: u.key,
    });
    const forced = await h.deliver({
      type: 'reprocess',
      bucket: u.bucket,
      key: u.key,
      force: true,
    });
    // Assess
    expect(plain.batchItemFailures).toEqual([]);
    expect(forced.batchItemFailures).toEqual([]);
    const trail = await h.store.getAuditTrail(id);
    const received = trail.filter((e) => e.type === 'received');
    expect(received).toHaveLength(2);
    expect(received[1]?.detail).toMatchObject({ reprocess: true, force: true });
    expect((await h.itemsOf(id)).filter((i) => i.SK === 'RECORD')).toHaveLength(
      1
    );
  });

  it('fails only the message whose object store is unreachable', async () => {
    // Prepare: a handler whose S3 client points at a closed port
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { S3ObjectSource } = await import('#shared/sources/s3-source.ts');
    const { makeHandler } = await import('#functions/ingest/make-handler.ts');
    const { Logger } = await import('@aws-lambda-powertools/logger');
    const dead = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const handler = makeHandler({
      objects: new S3ObjectSource(dead, { derivedBucket: stack.derivedBucket }),
      store: h.store,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const good = sqsRecord(
      JSON.parse(readFileSync('fixtures/events/s3-test-event.json', 'utf8'))
    );
    const failing = sqsRecord(
      s3Notification({
        bucket: stack.rawBucket,
        key: 'incoming/unreachable.txt',
      })
    );
    // Act
    const response = await handler(sqsEvent(good, failing));
    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: failing.messageId },
    ]);
    expect(await h.recordItem('incoming/unreachable.txt')).toBeNull();
    dead.destroy();
  });
});
