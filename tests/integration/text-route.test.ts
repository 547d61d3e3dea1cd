/**
 * Where a record's full text is kept, and the text route reading it back,
 * against real local servers (dynalite + s3rver, whose bucket is
 * unversioned): a UTF-8 text is its own source object (no derived copy);
 * HTML, a byte-order mark or a legacy encoding get a derived copy; a
 * source changed or deleted under the record is said so, never served.
 */
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/errors/index.ts';
import { SourceChangedError } from '#shared/pipeline/derived-text.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { createQueryService, type QueryService } from '#shared/query/index.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';

/** An invented page longer than the record's excerpt (EXCERPT_BYTES). */
const page = `TELEGRAM No. 4417\nTo Comrade Orlov.\n${'The convoy reached the river crossing at dawn and waits for orders. '.repeat(80)}\nORLOV\n`;

describe('text route (dynalite + s3rver)', () => {
  let stack: LocalStack;
  let h: Harness;
  let query: QueryService;

  beforeAll(async () => {
    stack = await startLocalStack();
    h = createHarness(stack);
    query = createQueryService(h.store, {
      readText: (uri) => h.objects.getDerivedText(uri),
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Keys written under the derived prefix for document `id`. */
  async function derivedKeys(id: string): Promise<string[]> {
    const out = await stack.s3.send(
      new ListObjectsV2Command({
        Bucket: stack.derivedBucket,
        Prefix: `derived/text/${id}/`,
      })
    );
    return (out.Contents ?? []).map((o) => o.Key ?? '');
  }

  async function ingest(key: string, body: Uint8Array | string) {
    const u = await h.upload(key, body);
    const response = await h.deliver(h.created(u));
    expect(response.batchItemFailures).toEqual([]);
    const state = await h.store.getState(documentIdFor(stack.rawBucket, key));
    const record = state!.record;
    expect(record.status).toBe('ok');
    return { u, record };
  }

  it('keeps a UTF-8 text as its source object: no derived copy, same text', async () => {
    // Act
    const { record } = await ingest('incoming/plain.txt', page);
    // Assess
    expect(record.text?.uri).toBe(`s3://${stack.rawBucket}/incoming/plain.txt`);
    expect(record.text?.uri).toBe(record.source.uri);
    expect(await derivedKeys(record.id)).toEqual([]);
    await expect(query.getRecordText(record.id)).resolves.toBe(page);
  });

  it.each([
    {
      name: 'an HTML page',
      key: 'incoming/page.html',
      bytes: () =>
        Buffer.from(
          `<!doctype html><html><body><h1>TELEGRAM No. 4417</h1><p>${page}</p></body></html>`
        ),
      format: 'html',
    },
    {
      name: 'a UTF-8 text with a byte-order mark',
      key: 'incoming/bom.txt',
      bytes: () =>
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page)]),
      format: 'text',
    },
    {
      name: 'a windows-1251 text',
      key: 'incoming/cp1251.txt',
      bytes: () =>
        iconv.encode(
          `ТЕЛЕГРАММА № 4417\nТоварищу Орлову.\n${'Колонна достигла переправы на рассвете. '.repeat(80)}\n`,
          'windows-1251'
        ),
      format: 'text',
    },
  ])('writes a derived copy of $name and reads it back', async (c) => {
    // Act
    const { record } = await ingest(c.key, c.bytes());
    // Assess
    expect(record.text?.format).toBe(c.format);
    expect(record.text?.uri).not.toBe(record.source.uri);
    const keys = await derivedKeys(record.id);
    expect(keys).toEqual([
      `derived/text/${record.id}/${record.source.sha256}.txt`,
    ]);
    const text = await query.getRecordText(record.id);
    expect(text.length).toBe(record.text?.length);
    expect(text.startsWith(record.text!.excerpt)).toBe(true);
    expect(text).not.toContain('\ufeff');
  });

  it('says "source changed" when the object is overwritten under the record', async () => {
    // Prepare: the same key, other bytes, and no event delivered for them
    const { record } = await ingest('incoming/changed.txt', page);
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.rawBucket,
        Key: 'incoming/changed.txt',
        Body: page.replace('Orlov', 'Belov'),
      })
    );
    // Act
    const reading = query.getRecordText(record.id);
    // Assess
    await expect(reading).rejects.toBeInstanceOf(SourceChangedError);
    await expect(reading).rejects.toThrow(/^source changed/);
  });

  it('answers a record whose source was deleted with a clear not-found', async () => {
    // Prepare
    const { u, record } = await ingest('incoming/deleted.txt', page);
    await stack.s3.send(
      new DeleteObjectCommand({ Bucket: stack.rawBucket, Key: u.key })
    );
    await h.deliver(
      h.created(u, {
        eventName: 'ObjectRemoved:Delete',
        sequencer: `${u.sequencer}1`,
      })
    );
    const state = await h.store.getState(documentIdFor(stack.rawBucket, u.key));
    expect(state?.record.source.deleted).toBe(true);
    // Act
    const reading = query.getRecordText(record.id);
    // Assess
    await expect(reading).rejects.toBeInstanceOf(NotFoundError);
    await expect(reading).rejects.toThrow(/which was deleted/);
  });
});
