import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluate } from '#cli/commands/eval.ts';
import { extract } from '#shared/extract/index.ts';
import { nameKey } from '#shared/extract/people.ts';
import { ExtractionSchema } from '#shared/schema/record.ts';
import {
  CORPUS_DIR,
  CORPUS_SKIP_MESSAGE,
  corpusPages,
  projectFile,
} from '../../helpers/corpus.ts';

/** Raise as extraction improves; never lower. */
const F1_FLOOR = 0.99;

describe.skipIf(!CORPUS_DIR)(
  `extraction on ../shared/corpus (${CORPUS_DIR ? 'present' : CORPUS_SKIP_MESSAGE})`,
  () => {
    const pages = corpusPages();

    it(`scores overall F1 >= ${F1_FLOOR} through archive eval`, async () => {
      const result = await evaluate(
        `${CORPUS_DIR}/pages`,
        `${CORPUS_DIR}/gold`
      );

      expect(result.pages).toBe(pages.length);
      expect(result.missing).toEqual([]);
      expect(result.f1).toBeGreaterThanOrEqual(F1_FLOOR);
    });

    it('archive eval exits 1 under --min-f1 and prints the table', () => {
      const run = (minF1: string) => {
        try {
          const out = execFileSync(
            'npx',
            [
              'tsx',
              projectFile('cli/main.ts'),
              'eval',
              '--pages',
              `${CORPUS_DIR}/pages`,
              '--gold',
              `${CORPUS_DIR}/gold`,
              '--min-f1',
              minF1,
            ],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
          );
          return { code: 0, out };
        } catch (error) {
          const e = error as { status: number; stdout: string };
          return { code: e.status, out: e.stdout };
        }
      };

      const pass = run('0.5');
      const fail = run('1.01');

      expect(pass.code).toBe(0);
      expect(pass.out).toMatch(/^field\s+tp\s+fp\s+fn\s+P\s+R\s+F1/m);
      expect(pass.out).toMatch(/^telegram\.sentAt\s+\d+/m);
      expect(pass.out).toMatch(/overall F1 \d\.\d{4}/);
      expect(fail.code).toBe(1);
    });

    it('returns schema-valid records for every page', () => {
      for (const page of pages) {
        const result = ExtractionSchema.safeParse(extract(page.text));
        expect(result.success, page.name).toBe(true);
      }
    });

    it('reads every value where its span points', () => {
      for (const page of pages) {
        const record = extract(page.text);
        for (const [path, span] of Object.entries(record.provenance)) {
          expect(span.start, `${page.name} ${path}`).toBeLessThan(span.end);
          expect(span.end, `${page.name} ${path}`).toBeLessThanOrEqual(
            page.text.length
          );
          const source = page.text.slice(span.start, span.end);
          const value = valueAt(
            record as unknown as Record<string, unknown>,
            path
          );
          expect(
            readsAs(source, value, path),
            `${page.name} ${path}: ${JSON.stringify(source)} vs ${JSON.stringify(value)}`
          ).toBe(true);
        }
      }
    });
  }
);

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const p of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** Letters and digits only, lower case, editorial brackets removed. */
function letters(s: string): string {
  return nameKey(s.replace(/\[[^\]]*\]/g, ' ')).replace(/ /g, '');
}

/**
 * True when `source` is where `value` was read: the same text (white space
 * folded, case and punctuation ignored for names), the same date written
 * differently, or the phrase a quantity or citation was read from.
 */
function readsAs(source: string, value: unknown, path: string): boolean {
  if (typeof value === 'string') {
    if (/At$|^date$/.test(path)) {
      const digits = source.match(/\d+/g) ?? [];
      return (
        digits.length > 0 &&
        digits.every(
          (d) =>
            value.includes(d.padStart(2, '0').slice(-2)) || /[a-z]/i.test(d)
        )
      );
    }
    if (path.startsWith('letter.body') || path === 'rights') {
      return source
        .replace(/\s+/g, ' ')
        .trim()
        .startsWith(value.replace(/\s+/g, ' ').trim().slice(0, 50));
    }
    return (
      letters(source) === letters(value) ||
      letters(source).includes(letters(value))
    );
  }
  if (typeof value === 'number')
    return (
      source.replace(/,/g, '').includes(String(value)) ||
      /^[a-z]+$/i.test(source.trim())
    );
  if (value && typeof value === 'object') {
    if ('unit' in value) {
      const q = value as { unit: string };
      return source.toLowerCase().includes(q.unit.split(' ')[0] ?? '');
    }
    if ('archive' in value) {
      const c = value as Record<string, string | null>;
      return Object.values(c).every(
        (v) => v === null || letters(source).includes(letters(v))
      );
    }
    if ('alias' in value)
      return letters(source).includes(
        letters((value as unknown as { name: string }).name)
      );
  }
  return false;
}
