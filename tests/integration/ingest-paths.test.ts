/**
 * The embedded runtime's two ingest paths (local/runtime.ts), as in AWS: an
 * upload reaches the text queue; the text handler (no OCR engine) stores a
 * text page and forwards a scan, message unchanged, to the OCR queue, where
 * the OCR handler (tesseract.js, offline) reads it. Both paths have their
 * own dead letters, and `redrive` sends each back to its own queue. Real
 * s3rver and dynalite, the scan fixtures of fixtures/scans.
 */
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_OCR, INGEST_TEXT } from '#infra/config.ts';
import {
  LOCAL_BATCH_SIZES,
  LOCAL_NAMES,
  type LocalRuntime,
  startRuntime,
} from '#local/runtime.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';

const idOf = (key: string) => documentIdFor(LOCAL_NAMES.rawBucket, key);
const PAGE =
  'Skip to content\n\nJune 1, 1950\n\nLetter from Kim Il Sung to Shtykov\n\nComrade Shtykov, the harbour cranes arrived.\n';

async function upload(runtime: LocalRuntime, key: string, body: Uint8Array) {
  await runtime.s3.send(
    new PutObjectCommand({
      Bucket: LOCAL_NAMES.rawBucket,
      Key: key,
      Body: body,
    })
  );
}

describe('runtime: text and OCR paths', () => {
  let runtime: LocalRuntime;
  /** While set, the OCR handler fails every message (a broken OCR path). */
  let ocrBroken = false;
  const seen = { text: [] as string[], ocr: [] as string[] };

  beforeAll(async () => {
    runtime = await startRuntime({
      memory: true,
      webDir: null,
      reconcile: false,
      queue: { retryDelayMs: () => 1, batchWindowMs: 5 },
      wrapHandler: (handler, path) => async (event, context) => {
        for (const r of event.Records) seen[path].push(r.body);
        if (path === 'ocr' && ocrBroken) throw new Error('OCR path down');
        return handler(event, context);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
  });

  it('stores a text page on the text path and reads a scan on the OCR path', async () => {
    // Prepare
    const scan = new Uint8Array(
      readFileSync('fixtures/scans/letter-kim-il-sung-1949.150dpi.png')
    );

    // Act
    await upload(
      runtime,
      'incoming/paths/letter.txt',
      new TextEncoder().encode(PAGE)
    );
    await upload(runtime, 'incoming/paths/letter.png', scan);
    await runtime.dispatcher.drain();

    // Assess
    const text = await runtime.store.getRecord(
      idOf('incoming/paths/letter.txt')
    );
    const scanned = await runtime.store.getRecord(
      idOf('incoming/paths/letter.png')
    );
    expect(text?.status).toBe('ok');
    expect(text?.ocr ?? null).toBeNull();
    expect(scanned?.status, JSON.stringify(scanned?.failure)).toBe('ok');
    expect(scanned?.ocr).toMatchObject({ engine: 'tesseract.js', pages: 1 });
    expect(scanned?.title).toMatch(/Kim Il Sung/);
    // the OCR path saw the scan's message only, body as the text path got it
    const scanBody = seen.text.find((b) => b.includes('letter.png'));
    expect(seen.ocr).toEqual([scanBody]);
    expect(runtime.dispatcher.ocr.stats.succeeded).toBe(1);
    // counted once from upload to record
    expect(runtime.dispatcher.stats).toMatchObject({
      enqueued: 2,
      succeeded: 2,
      deadLettered: 0,
    });
  }, 120_000);

  it("dead-letters a scan the OCR path keeps failing on the OCR path's own store, and redrive reads it once fixed", async () => {
    // Prepare
    ocrBroken = true;
    const scan = new Uint8Array(
      readFileSync('fixtures/scans/telegram-filippov-1951.150dpi.png')
    );
    await upload(runtime, 'incoming/paths/telegram.png', scan);
    await runtime.dispatcher.drain();
    const letters = await runtime.dispatcher.failures();

    // Act
    ocrBroken = false;
    const redriven = await runtime.dispatcher.redrive();
    await runtime.dispatcher.drain();

    // Assess
    expect(letters).toMatchObject([
      {
        key: 'incoming/paths/telegram.png',
        queue: 'ingest-ocr',
        receiveCount: 5,
        lastError: 'OCR path down',
      },
    ]);
    expect(await runtime.dispatcher.text.failures()).toEqual([]);
    expect(redriven).toEqual([letters[0]!.messageId]);
    const record = await runtime.store.getRecord(
      idOf('incoming/paths/telegram.png')
    );
    expect(record?.status, JSON.stringify(record?.failure)).toBe('ok');
    expect(record?.ocr?.engine).toBe('tesseract.js');
    expect(await runtime.dispatcher.failures()).toEqual([]);
  }, 120_000);

  it('batches each local queue as its Lambda event source does', () => {
    // Assess
    expect(LOCAL_BATCH_SIZES).toEqual({
      text: INGEST_TEXT.batchSize,
      ocr: INGEST_OCR.batchSize,
    });
  });
});
