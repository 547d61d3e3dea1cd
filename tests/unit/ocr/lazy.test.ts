import { describe, expect, it, vi } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import { createTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { fakeImage } from './fake-engine.ts';

// The OCR packages explode when loaded: a text object (and the ingest
// function's cold start) must not load them.
vi.mock('tesseract.js', () => {
  throw new Error('tesseract.js was loaded');
});
vi.mock('@napi-rs/canvas', () => {
  throw new Error('@napi-rs/canvas was loaded');
});

const MOCK_FIRED = /was loaded|error when mocking a module/;

describe('OCR (lazy loading)', () => {
  it('loads neither tesseract.js nor the canvas to decode text, even with an engine configured', async () => {
    // Prepare
    const ocr = createTesseractEngine();
    // Act
    const result = await decode(Buffer.from('Ciphered Telegram No. 5\n'), {
      ocr,
    });
    // Assess
    expect(result).toMatchObject({ ok: true, format: 'text' });
  });

  it.each([
    ['text', '#functions/ingest/handler.ts'],
    ['OCR', '#functions/ingest-ocr/handler.ts'],
  ])(
    'does not load tesseract.js when the %s ingest Lambda module starts',
    async (_, entry) => {
      // Prepare
      vi.stubEnv('TABLE_NAME_RECORDS', 'records');
      vi.stubEnv('BUCKET_NAME_DERIVED', 'derived');
      vi.stubEnv('BUCKET_NAME_RAW', 'raw');
      vi.stubEnv(
        'QUEUE_URL_INGEST_OCR',
        'https://sqs.us-east-1.amazonaws.com/000000000000/ingest-ocr'
      );
      // Act
      const mod = (await import(entry)) as { handler: unknown };
      // Assess
      expect(typeof mod.handler).toBe('function');
      vi.unstubAllEnvs();
    }
  );

  it('loads tesseract.js on the first scan (the mock fires)', async () => {
    // Prepare
    const ocr = createTesseractEngine();
    // Act
    const result = await decode(fakeImage('png'), { key: 'scan.png', ocr });
    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'decode-error' });
    // vitest reports the exploding factory as "an error when mocking a module"
    if (!result.ok) expect(result.message).toMatch(MOCK_FIRED);
  });

  it('loads the canvas only to rasterize an image-only PDF', async () => {
    // Prepare
    const ocr = createTesseractEngine();
    const { readFileSync } = await import('node:fs');
    // Act
    const result = await decode(
      readFileSync('fixtures/scans/report-vyshinsky-1953.2pages.pdf'),
      { key: 'scan.pdf', ocr }
    );
    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'decode-error' });
    if (!result.ok) expect(result.message).toMatch(MOCK_FIRED);
  });
});
