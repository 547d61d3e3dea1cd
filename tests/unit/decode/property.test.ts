import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, decode } from '#shared/decode/index.ts';
import { FAILURE_REASONS } from '#shared/schema/record.ts';

const KEY = 'incoming/property.bin';

/** Asserts the shape of a result; returns it for further checks. */
function expectValid(result: DecodeResult): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual([
      'encoding',
      'format',
      'ok',
      'text',
    ]);
    expect(typeof result.text).toBe('string');
    expect(result.text.trim()).not.toBe('');
    expect(result.text).not.toContain('\r');
    expect(['text', 'html', 'pdf']).toContain(result.format);
    if (result.format === 'pdf') expect(result.encoding).toBeNull();
    else expect(typeof result.encoding).toBe('string');
  } else {
    expect(Object.keys(result).sort()).toEqual(['message', 'ok', 'reason']);
    expect(FAILURE_REASONS).toContain(result.reason);
    expect(result.message).toContain(KEY);
  }
}

/** Byte prefixes that send arbitrary tails down each decoding path. */
const PREFIXES: readonly (readonly number[])[] = [
  [],
  [0xef, 0xbb, 0xbf], // UTF-8 BOM
  [0xff, 0xfe], // UTF-16LE BOM
  [0xfe, 0xff], // UTF-16BE BOM
  [0xff, 0xfe, 0, 0], // UTF-32LE BOM
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  Array.from('<!DOCTYPE html><html><body><p>', (c) => c.charCodeAt(0)),
  Array.from('<html><head><meta charset="koi8-r">', (c) => c.charCodeAt(0)),
];

/** Drops the characters decode() counts as binary (controls, U+FFFD). */
function printable(s: string): string {
  return Array.from(s)
    .filter((ch) => {
      const c = ch.charCodeAt(0);
      if (c >= 0x09 && c <= 0x0d) return true;
      return c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && c !== 0xfffd;
    })
    .join('');
}

describe('decode (properties)', () => {
  it('never throws and always returns a valid result for arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PREFIXES),
        fc.uint8Array({ maxLength: 2048 }),
        fc.option(
          fc.constantFrom(
            'text/plain',
            'text/html',
            'application/pdf',
            'image/png'
          )
        ),
        async (prefix, tail, contentType) => {
          // Prepare
          const bytes = new Uint8Array([...prefix, ...tail]);

          // Act
          const result = await decode(bytes, { key: KEY, contentType });

          // Assess
          expectValid(result);
          if (bytes.length === 0)
            expect(result).toMatchObject({ reason: 'empty' });
        }
      ),
      { numRuns: 400 }
    );
  });

  it('never throws on arbitrary PDF-looking bytes', async () => {
    const pdfHeader = Array.from('%PDF-1.4\n', (c) => c.charCodeAt(0));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 1024 }),
          fc
            .string({ maxLength: 400 })
            .map((s) =>
              Uint8Array.from(
                Buffer.from(
                  `1 0 obj << ${s} >> endobj\ntrailer << /Root 1 0 R >>`
                )
              )
            )
        ),
        async (tail) => {
          // Act
          const result = await decode(new Uint8Array([...pdfHeader, ...tail]), {
            key: KEY,
          });

          // Assess
          expectValid(result);
          expect(result.ok).toBe(false);
        }
      ),
      { numRuns: 60 }
    );
  });

  it('returns valid UTF-8 text unchanged apart from line endings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        async (s) => {
          // Prepare: only printable text, which must never be judged binary
          const text = `Telegram ${printable(s)}`;

          // Act
          const result = await decode(Buffer.from(text, 'utf8'), { key: KEY });

          // Assess
          expect(result).toEqual({
            ok: true,
            text: text.replace(/\r\n?/g, '\n'),
            format: 'text',
            encoding: 'utf-8',
          });
        }
      ),
      { numRuns: 300 }
    );
  });

  it('round-trips any Cyrillic text through Windows-1251', async () => {
    const iconv = (await import('iconv-lite')).default;
    const cyrillicWord = fc
      .array(fc.integer({ min: 0x0430, max: 0x044f }), {
        minLength: 2,
        maxLength: 10,
      })
      .map((codes) => String.fromCharCode(...codes));
    await fc.assert(
      fc.asyncProperty(
        fc.array(cyrillicWord, { minLength: 1, maxLength: 20 }),
        async (words) => {
          // Prepare
          const text = words.join(' ');

          // Act
          const result = await decode(iconv.encode(text, 'windows-1251'), {
            key: KEY,
          });

          // Assess
          expect(result).toEqual({
            ok: true,
            text,
            format: 'text',
            encoding: 'windows-1251',
          });
        }
      ),
      { numRuns: 200 }
    );
  });
});
