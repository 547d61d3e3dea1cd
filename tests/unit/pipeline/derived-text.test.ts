/**
 * Reading a record's text: a derived copy as it is; a text that is the
 * source object itself only while the object still holds the bytes the
 * record was made from.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/errors/index.ts';
import {
  readRecordText,
  SourceChangedError,
  textIsSource,
} from '#shared/pipeline/derived-text.ts';
import { ingestObject } from '#shared/pipeline/ingest-object.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { MemoryObjects, MemoryStore } from './fakes.ts';

const clock = () => new Date('2024-05-01T12:00:00.000Z');
/** Longer than the record's excerpt (EXCERPT_BYTES), so only the object holds it all. */
const longPage = `MEMORANDUM\nTo Comrade Petrov.\n${'The harvest report follows in full. '.repeat(200)}\n`;
const shortPage = 'MEMORANDUM\nTo Comrade Petrov.\nThe harvest is in.\n';

async function ingested(body: string | Uint8Array) {
  const objects = new MemoryObjects();
  const store = new MemoryStore();
  const o = objects.put('raw', 'incoming/memo.txt', body);
  await ingestObject(o, { objects, store, clock });
  const record = store.commits[0]!.record;
  const read = (uri: string) => objects.getDerivedText(uri);
  return { objects, record, read };
}

describe('readRecordText', () => {
  it('reads a UTF-8 text from its source object', async () => {
    // Prepare
    const { record, read } = await ingested(longPage);
    // Act
    const text = await readRecordText(record, read);
    // Assess
    expect(textIsSource(record)).toBe(true);
    expect(text).toBe(longPage);
  });

  it('says "source changed" when the object no longer holds the record\'s bytes', async () => {
    // Prepare: the same key overwritten in an unversioned bucket
    const { objects, record, read } = await ingested(longPage);
    objects.put(
      'raw',
      'incoming/memo.txt',
      longPage.replace('Petrov', 'Sidorov')
    );
    // Act / Assess
    const reading = readRecordText(record, read);
    await expect(reading).rejects.toBeInstanceOf(SourceChangedError);
    await expect(reading).rejects.toThrow(
      /^source changed: s3:\/\/raw\/incoming\/memo\.txt/
    );
    // a 404 to HTTP callers, like any text that is not there
    await expect(reading).rejects.toBeInstanceOf(NotFoundError);
  });

  it('says the source was deleted when a deleted source takes the text with it', async () => {
    // Prepare
    const { objects, record, read } = await ingested(longPage);
    objects.objects.delete('raw/incoming/memo.txt');
    const deleted: DocumentRecord = {
      ...record,
      source: { ...record.source, deleted: true },
    };
    // Act / Assess
    await expect(readRecordText(deleted, read)).rejects.toThrow(
      /its text is its source s3:\/\/raw\/incoming\/memo\.txt, which was deleted/
    );
  });

  it('serves the excerpt when it holds the whole text and the source changed or went', async () => {
    // Prepare
    const { objects, record, read } = await ingested(shortPage);
    objects.put('raw', 'incoming/memo.txt', 'something else');
    // Act
    const changed = await readRecordText(record, read);
    objects.objects.delete('raw/incoming/memo.txt');
    const gone = await readRecordText(record, read);
    // Assess
    expect(changed).toBe(shortPage);
    expect(gone).toBe(shortPage);
  });

  it('reads a derived copy as it is, the source unread', async () => {
    // Prepare: a byte-order mark makes the decoded text differ from the bytes
    const { objects, record, read } = await ingested(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(longPage)])
    );
    objects.objects.delete('raw/incoming/memo.txt');
    // Act
    const text = await readRecordText(record, read);
    // Assess
    expect(textIsSource(record)).toBe(false);
    expect(text).toBe(longPage);
  });

  it('passes on a fault that is not a missing object', async () => {
    // Prepare
    const { record } = await ingested(shortPage);
    const slow = Object.assign(new Error('slow down'), { name: 'SlowDown' });
    // Act / Assess
    await expect(
      readRecordText(record, async () => {
        throw slow;
      })
    ).rejects.toBe(slow);
  });
});
