/**
 * Review flags on invented pages: a header-like line nothing read is named
 * with its span; a line a reader took, prose, and the contract's no-value
 * forms are not; a page of unknown kind says so.
 */
import { describe, expect, it } from 'vitest';
import { scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import type { Extraction } from '#shared/schema/record.ts';

/** A framed page (site furniture, date line, title, body, tail). */
const framed = (
  body: string,
  title = 'Ciphered Telegram, Zakharov to Filippov [Stalin]'
) =>
  `Skip to content\n\nMarch 4, 1951\n\n${title}\n\n${body}\n\nZakharov reports on the situation.\n\nDocument Information\n\nRecord ID\n\n1`;

const PROSE =
  'The report follows in the usual order for your information and decision today.';

const unread = (r: Extraction) =>
  r.review.filter((f) => f.code === 'unread-header-line').map((f) => f.text);

describe('review flags: unread header lines', () => {
  it('names a distribution list in a form no reader knows, with its span', () => {
    // Prepare
    const text = framed(
      `Sent 4.3.51 at 18:00\n\n${PROSE}\n\nZAKHAROV\n4.3.51\n\nDistribution list on the reverse`
    );

    // Act
    const r = extract(text);

    // Assess
    expect(unread(r)).toEqual(['Distribution list on the reverse']);
    const flag = r.review[0];
    expect(flag && text.slice(flag.span.start, flag.span.end)).toBe(
      'Distribution list on the reverse'
    );
    expect(r.provenance['review.0.text']).toEqual(flag?.span);
    expect(r.warnings).toContain('unread-header-line');
  });

  it('does not flag a distribution list that was read, nor a repeated name in numbered copies', () => {
    const r = extract(
      framed(
        `${PROSE}\n\nZAKHAROV\n4.3.51\n\nNº 1 – to Stalin\nNº 2 – to Stalin\nNº 3 – to Molotov\n\nDistribution list - 3 copies: Stalin - 2, Molotov - 1.`
      )
    );

    expect(r.telegram?.distribution?.recipients).toEqual([
      { name: 'Stalin', copies: 4 },
      { name: 'Molotov', copies: 2 },
    ]);
    expect(unread(r)).toEqual([]);
  });

  it('does not flag a time line that was read', () => {
    const r = extract(
      framed(`Sent 4.3.51 at 18:00\nReceived 4.3.51 at 19:00\n\n${PROSE}`)
    );

    expect(r.telegram?.receivedAt).toBe('1951-03-04T19:00');
    expect(unread(r)).toEqual([]);
  });

  it('names a cipher number line that was not read', () => {
    const r = extract(
      framed(
        `Cipher No. 4417\nCipher No. 4418\n\n${PROSE}`,
        'Telegram from Zakharov to Filippov, No. 77'
      )
    );

    expect(r.telegram?.number).toBe('4417');
    expect(unread(r)).toEqual(['Cipher No. 4418']);
  });

  it('names a lone name in capitals closing the document that was not taken as its signature', () => {
    const r = extract(
      framed(`${PROSE}\n\nPETROVSKY\n\nThe rest follows in the next bag.`)
    );

    expect(r.signatories).toEqual([]);
    expect(unread(r)).toEqual(['PETROVSKY']);
  });

  it('does not flag a signature that was read', () => {
    const r = extract(framed(`${PROSE}\n\nPETROVSKY\n4.3.51`));

    expect(r.signatories).toEqual(['Petrovsky']);
    expect(unread(r)).toEqual([]);
  });

  it('does not flag prose that mentions received, sent or copies', () => {
    const r = extract(
      framed(
        [
          'Today I received your telegram of 3 March and reported it at once to the leadership.',
          'We sent 12 copies of the new textbook to the ministry on 2 March as agreed.',
          'Regarding your telegram No. 483:',
          PROSE,
        ].join('\n\n')
      )
    );

    expect(unread(r)).toEqual([]);
  });

  it('does not flag the forms the contract reads as nothing', () => {
    const r = extract(
      framed(
        `Copy Nº 2\nSecret Copy Nº 1\nSingle copy\nMaking copies prohibited\nIncoming Nº 2231/sh\n\n${PROSE}`
      )
    );

    expect(unread(r)).toEqual([]);
  });
});

describe('review flags: unknown page kind', () => {
  it('names the title when the page is of no known kind and has no telegram or letter', () => {
    // Prepare
    const text = framed(PROSE, 'Cover Note on the Fishing Agreement');

    // Act
    const r = extract(text);

    // Assess
    expect(r.documentType).toBe('other');
    expect(r.review).toEqual([
      {
        code: 'unknown-page-kind',
        text: 'Cover Note on the Fishing Agreement',
        span: r.provenance.title,
      },
    ]);
    expect(r.warnings).toContain('unknown-page-kind');
  });

  it('names the first line of a frameless page of no known kind', () => {
    const r = extract(`Annex to the protocol\n\n${PROSE}\n`);

    const kind = r.review.find((f) => f.code === 'unknown-page-kind');
    expect(kind?.text).toBe('Annex to the protocol');
    expect(kind?.span).toEqual({ start: 0, end: 21 });
  });

  it('says nothing of a telegram or a report', () => {
    expect(extract(framed(PROSE)).review).toEqual([]);
    expect(
      extract(framed(PROSE, 'Report from Zakharov to Filippov')).review
    ).toEqual([]);
  });
});

describe('review flags and scoring', () => {
  it('leave the scored warnings alone: archive eval ignores their codes', () => {
    // Prepare
    const gold = { warnings: ['truncated'] };
    const got = {
      warnings: ['truncated', 'unread-header-line', 'low-confidence'],
    };

    // Act
    const tallies = scoreRecord(gold, got);

    // Assess
    expect(tallies.warnings).toEqual({ tp: 1, fp: 0, fn: 0 });
  });
});
