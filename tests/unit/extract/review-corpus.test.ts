/**
 * Review flags on the corpus: on every page of every set, each body line
 * that looks like header material (review.ts's vocabulary) is either
 * consumed (a provenance span overlaps it, or the distribution list claims
 * it) or named by an `unread-header-line` flag; and every flag reads back
 * from the page where its span points.
 */
import { expect } from 'vitest';
import { readDistribution } from '#shared/extract/distribution.ts';
import { readFrame } from '#shared/extract/frame.ts';
import { extract } from '#shared/extract/index.ts';
import { headerLikeLines } from '#shared/extract/review.ts';
import { splitLines } from '#shared/extract/text.ts';
import {
  CORPUS_SET_NAMES,
  corpusPages,
  itWithCorpus,
} from '../../helpers/corpus.ts';

for (const set of CORPUS_SET_NAMES) {
  itWithCorpus(
    set,
    `corpus set ${set}: every header-like line is consumed or flagged`,
    () => {
      for (const page of corpusPages(set)) {
        // Prepare
        const lines = splitLines(page.text);
        const { bodyStart, bodyEnd } = readFrame(page.text, lines);
        const claimed =
          readDistribution(lines, bodyStart, bodyEnd)?.lines ?? new Set();

        // Act
        const record = extract(page.text);

        // Assess
        const read = Object.entries(record.provenance)
          .filter(([path]) => !path.startsWith('review.'))
          .map(([, span]) => span);
        const flagged = record.review
          .filter((f) => f.code === 'unread-header-line')
          .map((f) => f.span.start);
        for (const { index, cue } of headerLikeLines(
          lines,
          bodyStart,
          bodyEnd
        )) {
          const line = lines[index];
          if (!line) continue;
          const consumed =
            claimed.has(index) ||
            read.some((s) => s.start < line.end && s.end > line.start);
          const named = flagged.some(
            (at) => at >= line.start && at <= line.end
          );
          expect(
            consumed || named,
            `${set}/${page.name} line ${index + 1} (${cue}): ${line.folded}`
          ).toBe(true);
          expect(
            consumed && named,
            `${set}/${page.name} line ${index + 1}`
          ).toBe(false);
        }
        for (const f of record.review) {
          expect(
            page.text.slice(f.span.start, f.span.end).replace(/\s+/g, ' '),
            `${set}/${page.name} ${f.code}`
          ).toBe(f.text);
        }
      }
    }
  );
}
