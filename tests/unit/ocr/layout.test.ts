import { describe, expect, it } from 'vitest';
import { layoutPage } from '#shared/decode/ocr/layout.ts';
import type { OcrLine } from '#shared/decode/ocr/port.ts';
import { pageFromText } from './fake-engine.ts';

const PAGE = [
  'March 14, 1951',
  '',
  'Ciphered Telegram No. 31418, Zakharov to Filippov [Stalin]',
  '',
  'From PYONGYANG',
  'Sent 14.3.51 at 06:40',
  '',
  'I report that the rail bridge across the river near the station of Kaechon was restored during the night of 13 March and traffic on the line has been resumed at reduced speed.',
  '',
  '1. To send 40 railway engineers to supervise the repair of the remaining bridges.',
  '2. To deliver 2,000-2,500 tons of steel rails and 300 tons of fastenings before the end of April.',
  '',
  '',
  'Document Information',
].join('\n');

describe('layoutPage', () => {
  it('joins the lines a typesetter wrapped and keeps short lines, blank lines and list items', () => {
    // Prepare
    const page = pageFromText(PAGE, { wrapAt: 60 });
    const written = PAGE.split('\n').filter((l) => l !== '').length;
    expect(page.lines.length).toBeGreaterThan(written); // paragraphs wrapped
    // Act
    const text = layoutPage(page);
    // Assess
    expect(text).toBe(PAGE);
  });

  it('straightens a page fed 1.5 degrees crooked before measuring margins and gaps', () => {
    // Prepare
    const level = layoutPage(pageFromText(PAGE, { wrapAt: 60 }));
    const crooked = pageFromText(PAGE, { wrapAt: 60, skewDegrees: 1.5 });
    const rise = crooked.lines[0]!.baseline!;
    expect(rise.y1 - rise.y0).toBeGreaterThan(3); // the fake really is skewed
    // Act
    const text = layoutPage(crooked);
    // Assess
    expect(text).toBe(level);
  });

  it('keeps a hyphen that ends a wrapped line on its own line, for normalization to decide', () => {
    // Prepare: "trans-" fills the line, "mit" starts the next
    const page = pageFromText(
      'We ask you to trans-\nmit the following to Comrade Stalin today.',
      { wrapAt: 60 }
    );
    // Act
    const text = layoutPage(page);
    // Assess
    expect(text).toBe(
      'We ask you to trans-\nmit the following to Comrade Stalin today.'
    );
  });

  it('joins a numeric range wrapped at its hyphen without a space', () => {
    // Prepare
    const long = 'To deliver steel rails and fastenings, in all about 2,000-';
    const page = pageFromText(
      `${long}\n2,500 tons before the end of April in two echelons.`
    );
    // Act
    const text = layoutPage(page);
    // Assess
    expect(text).toBe(
      `${long}2,500 tons before the end of April in two echelons.`
    );
  });

  it('puts cells the engine split from one printed row back on one line', () => {
    // Prepare: two lines at the same height, the second to the right
    const [left, right] = pageFromText('Copy Nº 1 to Cde. Stalin |').lines;
    const shifted: OcrLine = {
      ...left!,
      words: left!.words.map((w) => ({
        ...w,
        text: w.text === 'Stalin' ? 'Molotov' : w.text,
        bbox: { ...w.bbox, x0: w.bbox.x0 + 400, x1: w.bbox.x1 + 400 },
      })),
      bbox: { ...left!.bbox, x0: left!.bbox.x0 + 400, x1: left!.bbox.x1 + 400 },
      baseline: {
        ...left!.baseline!,
        x0: left!.baseline!.x0 + 400,
        x1: left!.baseline!.x1 + 400,
      },
    };
    expect(right).toBeUndefined();
    // Act
    const text = layoutPage({ lines: [left!, shifted] });
    // Assess
    expect(text).toBe('Copy Nº 1 to Cde. Stalin | Copy Nº 1 to Cde. Molotov |');
  });

  it('starts a new paragraph when the reading order goes back up the page (a second column)', () => {
    // Prepare
    const column = pageFromText('First column line\nsecond line').lines;
    const second = pageFromText('Second column', { left: 700 }).lines;
    // Act
    const text = layoutPage({ lines: [...column, ...second] });
    // Assess
    expect(text).toBe('First column line\nsecond line\n\nSecond column');
  });

  it('returns no text for a page without words', () => {
    // Act
    const empty = layoutPage({ lines: [] });
    const spaces = layoutPage(pageFromText('   \n\n  '));
    // Assess
    expect(empty).toBe('');
    expect(spaces).toBe('');
  });
});
