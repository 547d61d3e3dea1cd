import { describe, expect, it, vi } from 'vitest';
import { decode } from '#shared/decode/index.ts';

// Every parsing library explodes when loaded: only the formats that need one
// may load it (cold-start cost of the ingest Lambda).
vi.mock('node-html-parser', () => {
  throw new Error('node-html-parser was loaded');
});
vi.mock('unpdf', () => {
  throw new Error('unpdf was loaded');
});
vi.mock('iconv-lite', () => {
  throw new Error('iconv-lite was loaded');
});

describe('decode (lazy loading)', () => {
  it('decodes UTF-8 and UTF-16 text without loading any parsing library', async () => {
    // Act
    const utf8 = await decode(Buffer.from('Шифротелеграмма No. 5\n'));
    const utf16 = await decode(
      Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00])
    );
    const png = await decode(
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    );

    // Assess
    expect(utf8).toMatchObject({ ok: true, encoding: 'utf-8' });
    expect(utf16).toMatchObject({ ok: true, text: 'A\n' });
    expect(png).toMatchObject({ ok: false, reason: 'needs-ocr' });
  });

  it('loads each library only for its format (and reports its failure)', async () => {
    // Act
    const html = await decode(
      Buffer.from('<html><body><p>x</p></body></html>')
    );
    const pdf = await decode(Buffer.from('%PDF-1.4\n%%EOF\n'));
    const cp1251 = await decode(
      Uint8Array.from([0xcc, 0xee, 0xf1, 0xea, 0xe2, 0xe0])
    );

    // Assess: the mocks fired, so these paths really import lazily
    expect(html).toMatchObject({ ok: false, reason: 'decode-error' });
    expect(pdf).toMatchObject({ ok: false, reason: 'decode-error' });
    expect(cp1251).toMatchObject({ ok: false, reason: 'decode-error' });
  });
});
