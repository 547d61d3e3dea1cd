import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, decode } from '#shared/decode/index.ts';
import { fixtureBytes, pseudoRandomBytes } from './helpers.ts';

const bytesOf = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part
    )
  );

describe('decode (limits and formats)', () => {
  it('reports an empty object as empty, naming the key', async () => {
    // Act
    const result = await decode(new Uint8Array(0), { key: 'incoming/a b.txt' });

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'empty',
      message: expect.stringContaining('incoming/a b.txt'),
    });
  });

  it('rejects an object over maxBytes as too-large and accepts one at the limit', async () => {
    // Prepare
    const text = Buffer.from('0123456789');

    // Act
    const over = await decode(text, { maxBytes: 9, key: 'big.txt' });
    const at = await decode(text, { maxBytes: 10, key: 'big.txt' });

    // Assess
    expect(over).toMatchObject({ ok: false, reason: 'too-large' });
    if (!over.ok) expect(over.message).toMatch(/big\.txt.*10 bytes.*9 bytes/);
    expect(at).toMatchObject({ ok: true, text: '0123456789' });
  });

  it('checks the size before parsing anything', async () => {
    // Prepare: a corrupt PDF would be a decode-error if it were parsed
    const corruptPdf = Buffer.from('%PDF-1.7\nnot really a pdf at all\n');

    // Act
    const result = await decode(corruptPdf, { maxBytes: 8 });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('defaults the limit to 25 MB', () => {
    // Assess
    expect(DEFAULT_MAX_BYTES).toBe(25 * 1024 * 1024);
  });

  it.each([
    [
      'PNG',
      bytesOf([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'),
    ],
    ['JPEG', bytesOf([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF', [0])],
    ['GIF', bytesOf('GIF89a', [1, 0, 1, 0, 0, 0, 0])],
    ['TIFF', bytesOf('II', [0x2a, 0, 8, 0, 0, 0])],
    ['TIFF', bytesOf('MM', [0, 0x2a, 0, 0, 0, 8])],
    ['BMP', bytesOf('BM', [0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0])],
    ['WebP', bytesOf('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
  ])('sends a %s image to OCR', async (name, bytes) => {
    // Act
    const result = await decode(bytes, { key: `scans/page.${name}` });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'needs-ocr' });
    if (!result.ok) {
      expect(result.message).toContain(`scans/page.${name}`);
      expect(result.message).toContain(`${name} image`);
    }
  });

  it('recognizes the content even when the name says text', async () => {
    // Prepare
    const png = bytesOf([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

    // Act
    const result = await decode(png, {
      key: 'page.txt',
      contentType: 'text/plain',
    });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'needs-ocr' });
  });

  it.each([
    ['ZIP', bytesOf('PK', [3, 4, 20, 0, 0, 0], 'word/document.xml')],
    ['gzip', bytesOf([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])],
    ['ELF', bytesOf([0x7f], 'ELF', [2, 1, 1, 0])],
    ['OLE2', bytesOf([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])],
  ])('rejects a %s file as unsupported-format', async (name, bytes) => {
    // Act
    const result = await decode(bytes, { key: 'incoming/file.bin' });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
    if (!result.ok) expect(result.message).toContain(name);
  });

  it('rejects random bytes as unsupported-format', async () => {
    // Prepare
    const bytes = pseudoRandomBytes(4096, 42);

    // Act
    const result = await decode(bytes, { key: 'incoming/random.bin' });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
    if (!result.ok) expect(result.message).toContain('incoming/random.bin');
  });

  it('rejects random bytes without any NUL by their control characters', async () => {
    // Prepare
    const bytes = pseudoRandomBytes(4096, 7).map((b) => (b === 0 ? 0x41 : b));
    expect(bytes.includes(0)).toBe(false);

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
    if (!result.ok) expect(result.message).toMatch(/control or invalid/);
  });

  it('rejects text with a NUL byte as binary', async () => {
    // Act
    const result = await decode(Buffer.from('Telegram\u0000text'));

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'unsupported-format' });
  });

  it('reports a corrupt PDF as decode-error', async () => {
    // Prepare
    const bytes = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog broken\n');

    // Act
    const result = await decode(bytes, { key: 'incoming/broken.pdf' });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'decode-error' });
    if (!result.ok) {
      expect(result.message).toContain('incoming/broken.pdf');
      expect(result.message).toContain('corrupt PDF');
    }
  });

  it('reports binary declared as PDF but without a header as decode-error', async () => {
    // Prepare
    const bytes = pseudoRandomBytes(512, 3);

    // Act
    const result = await decode(bytes, {
      key: 'incoming/report.pdf',
      contentType: 'application/pdf',
    });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'decode-error' });
    if (!result.ok) expect(result.message).toContain('%PDF');
  });

  it('decodes text content even when declared as PDF', async () => {
    // Act
    const result = await decode(Buffer.from('Plain telegram text'), {
      key: 'misnamed.pdf',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      format: 'text',
      text: 'Plain telegram text',
    });
  });

  it('finds a PDF header after leading junk within the first 1 KB', async () => {
    // Prepare
    const pdf = fixtureBytes('telegram.pdf');
    const junk = Buffer.from('\r\n\r\n   ');
    const shifted = Buffer.concat([junk, pdf]);

    // Act
    const result = await decode(shifted);

    // Assess: the header is found and PDF.js copes with the shifted offsets
    expect(result).toMatchObject({ ok: true, format: 'pdf' });
    if (result.ok)
      expect(result.text).toContain('Ciphered Telegram No. 41207/sh');
  });

  it('treats a bad maxBytes as the default limit', async () => {
    // Act
    const result = await decode(Buffer.from('text'), { maxBytes: Number.NaN });

    // Assess
    expect(result).toMatchObject({ ok: true, text: 'text' });
  });

  it('returns a decode-error for a non-byte input instead of throwing', async () => {
    // Act
    const result = await decode('not bytes' as unknown as Uint8Array, {
      key: 'k',
    });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'decode-error' });
  });
});
