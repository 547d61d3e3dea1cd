import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract/index.ts';
import { type Extraction, ExtractionSchema } from '#shared/schema/record.ts';
import { corpusPages, projectFile } from '../../helpers/corpus.ts';

const seed = readFileSync(projectFile('fixtures/pages/seed.txt'), 'utf8');

/**
 * extract, where a throw (an ExtractError) fails the property as the rule
 * defect it is, naming the input and the rule's own error.
 */
function extractOrDefect(text: string): Extraction {
  try {
    return extract(text);
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    throw new Error(
      `extract threw (a rule defect) on ${JSON.stringify(text.slice(0, 120))}: ${String(error)}\n${cause instanceof Error ? cause.stack : ''}`
    );
  }
}
const pages = [seed, ...corpusPages().map((p) => p.text)];

/** A page with random cuts, insertions and noise. */
const mutatedPage = fc
  .record({
    page: fc.constantFrom(...pages),
    edits: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        cut: fc.nat({ max: 400 }),
        insert: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
          fc.constantFrom(
            '\n',
            '\n\n',
            '\u00a0',
            '[',
            ']',
            '"',
            '“',
            '1. ',
            'No. ',
            'Nº 2 – to ',
            'Copies: ',
            ' copies',
            'Sent ',
            'Received at 0810 ',
            'S H T Y K O V',
            'Record ID',
            'Document Information\n'
          )
        ),
      }),
      { maxLength: 8 }
    ),
  })
  .map(({ page, edits }) => {
    let text = page;
    for (const e of edits) {
      const at = Math.floor(e.at * text.length);
      text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
    }
    return text;
  });

describe('extract (properties)', () => {
  it('returns a schema-valid record for any string, deterministically', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.string({ unit: 'binary', maxLength: 500 })
        ),
        (text) => {
          const a = extractOrDefect(text);
          expect(ExtractionSchema.safeParse(a).success).toBe(true);
          expect(extract(text)).toEqual(a);
        }
      ),
      { numRuns: 500 }
    );
  });

  it('survives cuts, insertions and noise in real pages', () => {
    fc.assert(
      fc.property(mutatedPage, (text) => {
        const a = extractOrDefect(text);
        const parsed = ExtractionSchema.safeParse(a);
        expect(parsed.success).toBe(true);
        for (const span of Object.values(a.provenance)) {
          expect(span.start).toBeLessThan(span.end);
          expect(span.end).toBeLessThanOrEqual(text.length);
        }
        expect(extract(text)).toEqual(a);
      }),
      { numRuns: 300 }
    );
  });

  it('says low-confidence for text that does not look like an archive page', () => {
    const record = extract('lorem ipsum dolor sit amet\nconsectetur 12 apples');
    expect(record.warnings).toContain('low-confidence');
    expect(record.title).toBeNull();
    expect(record.requests).toEqual([]);
  });
});
