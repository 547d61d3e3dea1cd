/**
 * The text path's hand-off (functions/ingest/make-handler.ts with an
 * `ocrQueue`): a scan is forwarded, message body unchanged, with nothing
 * stored; a text page is stored and not forwarded; a forward that fails
 * fails only its message (partial batch response), so nothing is lost.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import type { OcrQueue } from '#functions/ingest/ocr-queue.ts';
import { FakeOcrEngine, fakeImage, pageFromText } from '../ocr/fake-engine.ts';
import { MemoryObjects, MemoryStore } from '../pipeline/fakes.ts';
import { sqsEventOf } from './load-event.ts';

const clock = () => new Date('2024-05-01T12:00:00.000Z');
const logger = new Logger({ logLevel: 'SILENT' });
const PAGE =
  'Skip to content\n\nJune 1, 1950\n\nLetter from Kim Il Sung to Shtykov\n\nComrade Shtykov, ...\n';

/** An S3 ObjectCreated notification for an object the fake holds. */
function created(
  objects: MemoryObjects,
  key: string,
  body: string | Uint8Array,
  sequencer: string
) {
  const o = objects.put('raw', key, body);
  return {
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        eventTime: '2024-05-01T11:59:00.000Z',
        s3: {
          bucket: { name: 'raw' },
          object: { key, size: o.size, eTag: o.etag, sequencer },
        },
      },
    ],
  };
}

/** An OCR queue that keeps what it is sent, or refuses while `down`. */
function recordingQueue() {
  const sent: string[] = [];
  const queue: OcrQueue & { down: boolean } = {
    down: false,
    async forward(body) {
      if (queue.down) throw new Error('SQS unavailable');
      sent.push(body);
    },
  };
  return { queue, sent };
}

function textHandler(
  objects: MemoryObjects,
  store: MemoryStore,
  queue: OcrQueue
) {
  return makeHandler({ objects, store, clock, logger, ocrQueue: queue });
}

describe('text path: scans to the OCR queue', () => {
  it('forwards a scan with its message body unchanged and stores nothing for it', async () => {
    // Prepare
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    const { queue, sent } = recordingQueue();
    const event = sqsEventOf(
      created(objects, 'incoming/scan.png', fakeImage('png', 'letter'), '0A')
    );

    // Act
    const response = await textHandler(objects, store, queue)(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toEqual([event.Records[0]!.body]);
    expect(store.commits).toEqual([]);
  });

  it('forwards an image-only PDF (a PDF without a text layer) as a scan', async () => {
    // Prepare
    const { readFileSync } = await import('node:fs');
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    const { queue, sent } = recordingQueue();
    const event = sqsEventOf(
      created(
        objects,
        'incoming/scan.pdf',
        new Uint8Array(readFileSync('fixtures/decode/image-only.pdf')),
        '0A'
      )
    );

    // Act
    const response = await textHandler(objects, store, queue)(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(store.commits).toEqual([]);
  });

  it('stores a text page and forwards nothing', async () => {
    // Prepare
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    const { queue, sent } = recordingQueue();
    const event = sqsEventOf(
      created(objects, 'incoming/letter.txt', PAGE, '0A')
    );

    // Act
    const response = await textHandler(objects, store, queue)(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toEqual([]);
    expect(store.commits.map((c) => c.record.status)).toEqual(['ok']);
  });

  it('fails only the scan whose forward failed, so SQS retries it; the text page of the batch is stored', async () => {
    // Prepare
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    const { queue, sent } = recordingQueue();
    queue.down = true;
    const event = sqsEventOf(
      created(objects, 'incoming/letter.txt', PAGE, '0A'),
      created(objects, 'incoming/scan.png', fakeImage('png', 'letter'), '0B')
    );
    const handler = textHandler(objects, store, queue);

    // Act
    const first = await handler(event);
    queue.down = false;
    const retried = await handler({ Records: [event.Records[1]!] });

    // Assess
    expect(first.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[1]!.messageId },
    ]);
    expect(store.commits.map((c) => c.record.source.key)).toEqual([
      'incoming/letter.txt',
    ]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(sent).toEqual([event.Records[1]!.body]);
  });

  it('forwards a reprocess request for a scan as it came (force flag kept)', async () => {
    // Prepare
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    const { queue, sent } = recordingQueue();
    objects.put('raw', 'incoming/scan.tif', fakeImage('tiff', 'report'));
    const body = JSON.stringify({
      type: 'reprocess',
      bucket: 'raw',
      key: 'incoming/scan.tif',
      force: true,
    });

    // Act
    const response = await textHandler(objects, store, queue)(sqsEventOf(body));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toEqual([body]);
  });
});

describe('OCR path: the forwarded message', () => {
  it('reads the scan the text path forwarded and stores its record with OCR', async () => {
    // Prepare
    const objects = new MemoryObjects();
    const textStore = new MemoryStore();
    const ocrStore = new MemoryStore();
    const { queue, sent } = recordingQueue();
    const ocr = new FakeOcrEngine(() => pageFromText(PAGE));
    const event = sqsEventOf(
      created(objects, 'incoming/scan.png', fakeImage('png', 'letter'), '0A')
    );
    await textHandler(objects, textStore, queue)(event);
    const ocrHandler = makeHandler({
      objects,
      store: ocrStore,
      clock,
      logger,
      ocr,
    });

    // Act
    const response = await ocrHandler(sqsEventOf(sent[0]!));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(ocr.seen).toHaveLength(1);
    expect(ocrStore.commits).toHaveLength(1);
    expect(ocrStore.commits[0]!.record.ocr).not.toBeNull();
  });

  it('refuses a handler given both an OCR engine and an OCR queue', () => {
    // Prepare
    const { queue } = recordingQueue();

    // Act
    const act = () =>
      makeHandler({
        objects: new MemoryObjects(),
        store: new MemoryStore(),
        ocr: new FakeOcrEngine(() => pageFromText(PAGE)),
        ocrQueue: queue,
      });

    // Assess
    expect(act).toThrow(/not both/);
  });
});
