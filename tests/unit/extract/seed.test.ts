import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract/index.ts';
import { ExtractionSchema, SCORED_FIELDS } from '#shared/schema/record.ts';
import { itWithCorpus, projectFile } from '../../helpers/corpus.ts';

const seed = readFileSync(projectFile('fixtures/pages/seed.txt'), 'utf8');

/** The scored fields of a record, with the letter reduced to its scored members. */
function scored(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SCORED_FIELDS) out[f] = record[f];
  const letter = record.letter as {
    salutation: unknown;
    signedBy: unknown;
  } | null;
  out.letter = letter
    ? { salutation: letter.salutation, signedBy: letter.signedBy }
    : null;
  return out;
}

describe('extract on the seed page', () => {
  itWithCorpus('main', 'yields the hand-checked gold record exactly', (set) => {
    // Prepare
    const gold = JSON.parse(readFileSync(`${set.goldDir}/seed.json`, 'utf8'));

    // Act
    const record = extract(seed);

    // Assess
    expect(ExtractionSchema.safeParse(record).success).toBe(true);
    expect(scored(record)).toEqual(gold);
  });

  it('keeps what the contract does not score: body, endorsement, rights', () => {
    const record = extract(seed);

    expect(record.letter?.body).toMatch(/^Let me ask you, dear Iosif/);
    expect(record.letter?.body).toMatch(
      /render us assistance in this regard\.$/
    );
    expect(record.endorsements).toEqual(["I support KIM IL SUNG'S request."]);
    expect(record.rights).toMatch(/^The History and Public Policy Program/);
    expect(record.identifications).toEqual([]);
  });

  it('points every value to the text it was read from', () => {
    const record = extract(seed);
    const at = (path: string) => {
      const span = record.provenance[path];
      return span ? seed.slice(span.start, span.end) : undefined;
    };

    expect(at('telegram.number')).toBe('600382/sh');
    expect(at('telegram.sentAt')).toBe('10/09/50 at 7:05 a.m.');
    expect(at('telegram.distribution.copies')).toBe('11');
    expect(at('telegram.distribution.recipients.0.name')).toBe('Stalin');
    expect(at('letter.signedBy')).toBe('KIM IL SUNG');
    expect(at('requests.1.quantities.0')).toBe('1,000 tankists');
    expect(at('sources.1')).toBe(
      'APRF, fond 3, opis 65, delo 828, listy 13-14'
    );
    expect(at('via.0')).toBe('Shtykov');
  });
});

describe('extract on the seed without the website frame', () => {
  // the document alone, as a transcript of it arrives: the seed's lines
  // from its cipher number to its typist line
  const frameless = readFileSync(
    projectFile('fixtures/frameless/pages/seed-frameless.txt'),
    'utf8'
  );

  it('reads the document from its own heading, address and stamps', () => {
    const record = extract(frameless);

    expect(record.title).toBeNull();
    expect(record.documentType).toBe('telegram');
    expect(record.recipients).toEqual(['I.V. Stalin']);
    // day and month as the frame's date line read them, not swapped
    expect(record.date).toBe('1950-10-09');
    expect(record.telegram?.sentAt).toBe('1950-10-09T07:05');
    expect(record.letter?.signedBy).toBe('Kim Il Sung');
    expect(record.warnings).not.toContain('truncated');
    expect(record.warnings).not.toContain('low-confidence');
    // `10/09/50` is settled by the page's own `9 October 1950`
    expect(record.warnings).not.toContain('ambiguous-date');
  });

  it('gives the same scored values as the framed seed where the frame adds nothing', () => {
    const framed = scored(extract(seed));
    const alone = scored(extract(frameless));

    for (const field of ['telegram', 'letter', 'requests', 'signatories'])
      expect(alone[field], field).toEqual(framed[field]);
  });
});
