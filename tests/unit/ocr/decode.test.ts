import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import { readScans } from '#shared/decode/ocr/read.ts';
import {
  FakeOcrEngine,
  fakeImage,
  type MAGIC,
  pageFromText,
  tagOf,
} from './fake-engine.ts';

const TELEGRAM = [
  'November 18, 1950',
  '',
  'Ciphered Telegram N° 25977, Feng Xi [Stalin] to Mao Zedong',
  '',
  'I received your telegram of 16 November and agree with your proposal on the rotation of the divisions.',
].join('\n');

/** An engine reading every image as the page its tag names. */
function engineFor(pages: Record<string, string>, confidence = 91) {
  return new FakeOcrEngine((image) =>
    pageFromText(pages[tagOf(image)] ?? '', { confidence, wrapAt: 50 })
  );
}

describe('decode (scans)', () => {
  it.each<[keyof typeof MAGIC, string]>([
    ['png', 'PNG'],
    ['jpeg', 'JPEG'],
    ['tiff', 'TIFF little-endian'],
    ['tiffBigEndian', 'TIFF big-endian'],
    ['gif', 'GIF'],
    ['bmp', 'BMP'],
    ['webp', 'WebP'],
  ])(
    'reads a %s image (%s) through the OCR engine into laid-out, normalized text',
    async (format) => {
      // Prepare
      const ocr = engineFor({ t: TELEGRAM });
      // Act
      const result = await decode(fakeImage(format, 't'), {
        key: 'incoming/scan',
        ocr,
      });
      // Assess
      expect(ocr.seen).toHaveLength(1);
      expect(result).toEqual({
        ok: true,
        format: 'image',
        encoding: null,
        text: TELEGRAM.replace('N°', 'Nº'),
        ocr: {
          engine: 'fake-ocr',
          version: '1.0',
          meanConfidence: 91,
          pages: 1,
        },
      });
    }
  );

  it('goes by content: a PNG named .txt is read by OCR', async () => {
    // Prepare
    const ocr = engineFor({ t: 'To Comrade MAO ZEDONG.' });
    // Act
    const result = await decode(fakeImage('png', 't'), {
      key: 'incoming/page.txt',
      contentType: 'text/plain',
      ocr,
    });
    // Assess
    expect(result).toMatchObject({ ok: true, text: 'To Comrade MAO ZEDONG.' });
  });

  it('keeps needs-ocr for images and image-only PDFs when no engine is given', async () => {
    // Act
    const png = await decode(fakeImage('png', 't'), { key: 'a.png' });
    const pdf = await decode(readFileSync('fixtures/decode/image-only.pdf'), {
      key: 'scan.pdf',
    });
    // Assess
    expect(png).toMatchObject({ ok: false, reason: 'needs-ocr' });
    expect(pdf).toMatchObject({ ok: false, reason: 'needs-ocr' });
  });

  it.each<keyof typeof MAGIC>(['heic', 'jp2'])(
    'rejects a %s image the engine cannot read as unsupported, naming the key',
    async (format) => {
      // Prepare
      const ocr = engineFor({});
      // Act
      const result = await decode(fakeImage(format), { key: 'in/photo', ocr });
      // Assess
      expect(ocr.seen).toHaveLength(0);
      expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
      if (!result.ok) expect(result.message).toMatch(/^in\/photo: .*OCR/);
    }
  );

  it('turns an engine failure into a decode error naming the key', async () => {
    // Prepare
    const ocr = engineFor({});
    ocr.failWith = new Error('Error attempting to read image.');
    // Act
    const result = await decode(fakeImage('tiff', 'x'), {
      key: 'in/broken.tif',
      ocr,
    });
    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'decode-error',
      message:
        'in/broken.tif: OCR could not read the TIFF image (Error attempting to read image.)',
    });
  });

  it('never calls the engine for text, HTML or PDFs with a text layer', async () => {
    // Prepare
    const ocr = engineFor({});
    // Act
    const results = await Promise.all([
      decode(Buffer.from('Ciphered Telegram No. 5\n'), { ocr }),
      decode(Buffer.from('<html><body><p>x</p></body></html>'), { ocr }),
      decode(readFileSync('fixtures/decode/telegram.pdf'), { ocr }),
    ]);
    // Assess
    expect(results.map((r) => r.ok && r.format)).toEqual([
      'text',
      'html',
      'pdf',
    ]);
    expect(results.every((r) => r.ok && r.ocr === undefined)).toBe(true);
    expect(ocr.seen).toHaveLength(0);
  });

  it('rasterizes each page of an image-only PDF and reads them in order', async () => {
    // Prepare
    const ocr: FakeOcrEngine = new FakeOcrEngine(() =>
      pageFromText(`page ${ocr.seen.length}`)
    );
    // Act
    const result = await decode(
      readFileSync('fixtures/scans/report-vyshinsky-1953.2pages.pdf'),
      { key: 'incoming/report.pdf', ocr, ocrDpi: 50 }
    );
    // Assess
    expect(result).toMatchObject({
      ok: true,
      format: 'pdf',
      text: 'page 1\n\npage 2',
      ocr: { pages: 2 },
    });
    // the engine got PNG renderings of the pages, at the asked resolution
    expect(ocr.seen).toHaveLength(2);
    for (const image of ocr.seen) {
      expect([...image.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const width = Buffer.from(image).readUInt32BE(16);
      // 7.2 in at 50 dpi (PDF.js rounds the viewport down)
      expect(Math.abs(width - 360)).toBeLessThanOrEqual(1);
    }
  });

  it('fails an image-only PDF over the page limit as too large, before reading it', async () => {
    // Prepare
    const ocr = engineFor({});
    // Act
    const result = await decode(
      readFileSync('fixtures/scans/report-vyshinsky-1953.2pages.pdf'),
      { key: 'big.pdf', ocr, ocrMaxPages: 1 }
    );
    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    if (!result.ok) expect(result.message).toMatch(/^big\.pdf: .*2 pages/);
    expect(ocr.seen).toHaveLength(0);
  });

  it('returns an empty text with zero confidence for a page without words', async () => {
    // Prepare
    const ocr = engineFor({});
    // Act
    const result = await decode(fakeImage('png', 'blank'), { ocr });
    // Assess
    expect(result).toMatchObject({
      ok: true,
      text: '',
      ocr: { meanConfidence: 0, pages: 1 },
    });
  });
});

describe('readScans', () => {
  it('averages word confidence over all pages, keeping the unsure words', async () => {
    // Prepare: 3 sure words on page 1, 1 unsure word on page 2, a blank page 3
    const pages = [
      pageFromText('Top Secret copy', { confidence: 90 }),
      pageFromText('smudge', { confidence: 10 }),
      pageFromText(''),
    ];
    const ocr: FakeOcrEngine = new FakeOcrEngine(
      () => pages[ocr.seen.length - 1]!
    );
    // Act
    const reading = await readScans(
      [fakeImage('png'), fakeImage('png'), fakeImage('png')],
      ocr
    );
    // Assess
    expect(reading.ocr).toEqual({
      engine: 'fake-ocr',
      version: '1.0',
      meanConfidence: 70,
      pages: 3,
    });
    expect(reading.text).toBe('Top Secret copy\n\nsmudge');
  });
});
