import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract/index.ts';
import { ExtractionSchema } from '#shared/schema/record.ts';
import { projectFile } from '../../helpers/corpus.ts';

const MB = 1 << 20;

/** Text built to make backtracking regular expressions blow up. */
const ADVERSARIAL: Record<string, string> = {
  digits: '1'.repeat(MB),
  spaces: ' '.repeat(MB),
  noBreakSpaces: '\u00a0'.repeat(MB),
  brackets: '['.repeat(MB / 2) + ']'.repeat(MB / 2),
  parens: '('.repeat(MB),
  dots: '.'.repeat(MB),
  digitsAndSpaces: '1 '.repeat(MB / 2),
  digitsAndDots: '1.'.repeat(MB / 2),
  spacedLetters: 'S H T Y K O V '.repeat(MB / 14),
  capitals: 'KIM IL SUNG '.repeat(MB / 12),
  numberedLines: '1. To permit 200-300 pilots\n'.repeat(MB / 28),
  headerLines: 'Copy Nº 1 to Cde. Stalin\nSent 10/09/50 at 7:05 a.m.\n'.repeat(
    MB / 52
  ),
  titleWords: `October 9, 1950\n\n${'Telegram from A [B] to C, D and '.repeat(MB / 32)}\n`,
  citation: `Document Information\n\n${'APRF, f. 1, op. 1, d. 1, ll. 1, '.repeat(MB / 32)}\n`,
};

describe('extract on adversarial input (ReDoS)', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`finishes on 1 MB of ${name} with a valid record`, () => {
      // A catastrophic pattern would not finish within the test timeout.
      const record = extract(text);
      expect(ExtractionSchema.safeParse(record).success).toBe(true);
    });
  }
});

/**
 * Regular expression literals in the extractor, with a group that has an
 * unbounded quantifier inside and is itself repeated without bound
 * (`(a+)+`, `(\s*x)*`): the shape that backtracks exponentially.
 */
function nestedQuantifiers(source: string): string[] {
  const found: string[] = [];
  const literal =
    /(?<=[=(,:!&|?{]\s*|return\s+|^\s*)\/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\n\\[])+)\/[dgimsuyv]*/gm;
  for (const m of source.matchAll(literal)) {
    const re = m[1] ?? '';
    if (hasNested(re)) found.push(re);
  }
  return found;
}

function hasNested(re: string): boolean {
  const stack: boolean[] = []; // per open group: contains an unbounded quantifier
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const inner = stack.pop() ?? false;
      const after = re.slice(i + 1);
      const unbounded = /^(?:[+*]|\{\d+,\})/.test(after);
      if (inner && unbounded) return true;
      if ((inner || unbounded) && stack.length > 0)
        stack[stack.length - 1] = true;
    } else if (
      (c === '+' ||
        c === '*' ||
        (c === '{' && /^\{\d+,\}/.test(re.slice(i)))) &&
      stack.length > 0
    ) {
      stack[stack.length - 1] = true;
    }
  }
  return false;
}

describe('extractor regular expressions', () => {
  it('detects the dangerous shape it looks for', () => {
    expect(hasNested('(a+)+')).toBe(true);
    expect(hasNested('(?:\\s*x)*')).toBe(true);
    expect(hasNested('(?:ab)+c*')).toBe(false);
    expect(hasNested('(?:[A-Z]\\w*\\s){0,2}')).toBe(false);
  });

  it('has no group with an unbounded quantifier repeated without bound', () => {
    const dir = projectFile('shared/extract');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        nestedQuantifiers(readFileSync(`${dir}/${f}`, 'utf8')).map(
          (re) => `${f}: /${re}/`
        )
      );
    expect(offenders).toEqual([]);
  });
});
