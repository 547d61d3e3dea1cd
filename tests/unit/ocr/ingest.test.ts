import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { extract } from '#shared/extract/index.ts';
import { ingestObject } from '#shared/pipeline/ingest-object.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { sqsEventOf } from '../ingest/load-event.ts';
import { MemoryObjects, MemoryStore } from '../pipeline/fakes.ts';
import {
  FakeOcrEngine,
  fakeImage,
  pageFromText,
  tagOf,
} from './fake-engine.ts';

const LETTER = [
  'June 2, 1949',
  '',
  'Letter from Kim Il Sung to Shtykov on Assistance for Schools',
  '',
  'Dear Terenty Fomich,',
  '',
  'I therefore ask you to convey to the Soviet Government the following requests:',
  '',
  '1. To supply 150,000 copies of textbooks in physics, chemistry and mathematics, translated into Korean.',
  '',
  'With respect,',
  '',
  'KIM IL SUNG',
].join('\n');
const clock = () => new Date('2024-05-01T12:00:00.000Z');

function setup(confidence: number, ocrMinConfidence?: number) {
  const objects = new MemoryObjects();
  const store = new MemoryStore();
  const ocr = new FakeOcrEngine((image) =>
    pageFromText(tagOf(image) === 'letter' ? LETTER : '', {
      confidence,
      wrapAt: 60,
    })
  );
  return {
    objects,
    store,
    ocr,
    adapters: {
      objects,
      store,
      clock,
      agent: 'unit',
      ocr,
      ...(ocrMinConfidence === undefined ? {} : { ocrMinConfidence }),
    },
  };
}

/** Every provenance span, as the derived text reads it. */
function spansIn(record: DocumentRecord, text: string) {
  return Object.entries(record.provenance).map(([path, span]) => ({
    path,
    read: text.slice(span.start, span.end),
    inside: span.start >= 0 && span.end <= text.length,
  }));
}

describe('ingestObject (scans)', () => {
  it('stores a scan as a record extracted from the normalized OCR text, with its OCR reading on record', async () => {
    // Prepare
    const { objects, store, adapters } = setup(93);
    const o = objects.put(
      'raw',
      'incoming/letter.png',
      fakeImage('png', 'letter')
    );
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result).toMatchObject({ outcome: 'stored', status: 'ok' });
    const { record, events } = store.commits[0]!;
    const text = objects.derived.get(record.text!.uri!)!;
    expect(text).toBe(LETTER);
    expect(record).toMatchObject({ ...extract(LETTER), status: 'ok' });
    expect(record.ocr).toEqual({
      engine: 'fake-ocr',
      version: '1.0',
      meanConfidence: 93,
      pages: 1,
    });
    expect(record.text).toMatchObject({ format: 'image', encoding: null });
    expect(record.warnings).not.toContain('low-ocr-confidence');
    expect(events.find((e) => e.type === 'decoded')?.detail).toMatchObject({
      format: 'image',
      ocr: { engine: 'fake-ocr', meanConfidence: 93 },
    });
    // provenance points into the stored OCR text
    const spans = spansIn(record, text);
    expect(spans.length).toBeGreaterThan(3);
    expect(spans.every((s) => s.inside)).toBe(true);
    expect(spans.find((s) => s.path === 'title')?.read).toBe(record.title);
  });

  it('adds low-ocr-confidence under the default threshold of 60, keeping the words', async () => {
    // Prepare
    const { objects, store, adapters } = setup(45);
    const o = objects.put('raw', 'in/letter.png', fakeImage('png', 'letter'));
    // Act
    await ingestObject(o, adapters);
    // Assess
    const { record } = store.commits[0]!;
    expect(record.warnings).toContain('low-ocr-confidence');
    expect(record.ocr?.meanConfidence).toBe(45);
    expect(objects.derived.get(record.text!.uri!)).toBe(LETTER);
  });

  it('uses the configured threshold', async () => {
    // Prepare: 93 is under a threshold of 95
    const { objects, store, adapters } = setup(93, 95);
    const o = objects.put('raw', 'in/letter.png', fakeImage('png', 'letter'));
    // Act
    await ingestObject(o, adapters);
    // Assess
    expect(store.commits[0]!.record.warnings).toContain('low-ocr-confidence');
  });

  it('records a blank page as an ok record with low-ocr-confidence and no invented fields', async () => {
    // Prepare
    const { objects, store, adapters } = setup(93);
    const o = objects.put('raw', 'in/blank.png', fakeImage('png', 'blank'));
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result).toMatchObject({ outcome: 'stored', status: 'ok' });
    const { record } = store.commits[0]!;
    expect(record).toMatchObject({
      title: null,
      date: null,
      authors: [],
      recipients: [],
      signatories: [],
      telegram: null,
      letter: null,
      requests: [],
      summary: null,
      sources: [],
      ocr: { meanConfidence: 0, pages: 1 },
      text: { length: 0, format: 'image' },
    });
    expect(record.warnings).toContain('low-ocr-confidence');
  });

  it('keeps the needs-ocr failure record when no engine is configured', async () => {
    // Prepare
    const { objects, store, adapters } = setup(93);
    const { ocr: _, ...withoutOcr } = adapters;
    const o = objects.put('raw', 'in/letter.png', fakeImage('png', 'letter'));
    // Act
    const result = await ingestObject(o, withoutOcr);
    // Assess
    expect(result).toMatchObject({ status: 'failed', reason: 'needs-ocr' });
    expect(store.commits[0]!.record.ocr).toBeNull();
  });

  it('records an unreadable scan as a decode-error failure', async () => {
    // Prepare
    const { objects, store, adapters, ocr } = setup(93);
    ocr.failWith = new Error('Error attempting to read image.');
    const o = objects.put('raw', 'in/bad.tif', fakeImage('tiff', 'letter'));
    // Act
    const result = await ingestObject(o, adapters);
    // Assess
    expect(result).toMatchObject({ status: 'failed', reason: 'decode-error' });
    expect(store.commits[0]!.record.failure?.message).toContain('in/bad.tif');
  });
});

describe('makeHandler (scans)', () => {
  it('passes its OCR engine and threshold to the use case', async () => {
    // Prepare
    const { objects, store, ocr } = setup(70);
    const o = objects.put(
      'raw',
      'incoming/scan.png',
      fakeImage('png', 'letter')
    );
    const handler = makeHandler({
      objects,
      store,
      clock,
      ocr,
      ocrMinConfidence: 75,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const event = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          eventTime: '2024-05-01T11:59:00.000Z',
          s3: {
            bucket: { name: 'raw' },
            object: {
              key: 'incoming/scan.png',
              size: o.size,
              eTag: o.etag,
              sequencer: '0A',
            },
          },
        },
      ],
    };
    // Act
    const response = await handler(sqsEventOf(event));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(ocr.seen).toHaveLength(1);
    const { record } = store.commits[0]!;
    expect(record.ocr?.meanConfidence).toBe(70);
    expect(record.warnings).toContain('low-ocr-confidence');
  });
});
