import { describe, expect, it } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import {
  imageOnlyPdf,
  telegramPdf,
} from '../../../scripts/make-decode-fixtures.ts';
import { fixtureBytes, fixtureText } from './helpers.ts';

describe('decode (PDF)', () => {
  it('reads the text layer of every page, in order, pages joined by a blank line', async () => {
    // Prepare
    const bytes = fixtureBytes('telegram.pdf');
    const expected = fixtureText('telegram-pdf.txt').replace(/\n$/, '');

    // Act
    const result = await decode(bytes, { key: 'incoming/telegram.pdf' });

    // Assess
    expect(result).toEqual({
      ok: true,
      text: expected,
      format: 'pdf',
      encoding: null,
    });
  });

  it('accepts a Node Buffer and leaves the caller’s bytes intact', async () => {
    // Prepare
    const bytes = Buffer.from(fixtureBytes('telegram.pdf'));
    const copy = Buffer.from(bytes);

    // Act
    const first = await decode(bytes);
    const second = await decode(bytes);

    // Assess
    expect(first).toMatchObject({ ok: true, format: 'pdf' });
    expect(second).toEqual(first);
    expect(bytes.equals(copy)).toBe(true);
  });

  it('sends a PDF without a text layer to OCR', async () => {
    // Prepare
    const bytes = fixtureBytes('image-only.pdf');

    // Act
    const result = await decode(bytes, { key: 'scans/page-1.pdf' });

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'needs-ocr',
      message: expect.stringContaining('scans/page-1.pdf'),
    });
  });

  it('reports a PDF truncated inside its first page as decode-error', async () => {
    // Prepare: the cut falls inside the first page's content stream
    const whole = fixtureBytes('telegram.pdf');
    const cut = whole.subarray(0, 300);

    // Act
    const result = await decode(cut, { key: 'cut.pdf' });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'decode-error' });
  });

  it('has committed fixtures that the generator reproduces byte for byte', () => {
    // Assess
    expect(
      Buffer.from(telegramPdf()).equals(fixtureBytes('telegram.pdf'))
    ).toBe(true);
    expect(
      Buffer.from(imageOnlyPdf()).equals(fixtureBytes('image-only.pdf'))
    ).toBe(true);
  });
});
