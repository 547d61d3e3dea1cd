import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPLIT_SEED, splitNames } from '#shared/eval/split.ts';
import { corpusSet, itWithCorpus } from '../../helpers/corpus.ts';

/** The page names of the corpus (main and set2) when the split was fixed. */
const NAMES = [
  ...'001 002 004 005 007 008 010 011 013 014 016 017 019 020 022 023 025 026 028 029 031 032 034 035 037 038 040 041 043 044 046 047 049 050 052 053 055 056 058 059 061 062 064 065 067 068 070 071 073 074 076 077 079 080 082 083 085 086 088 seed x01 x02 x04 x05 x07 x08 x10 x11'.split(
    ' '
  ),
  ...Array.from({ length: 70 }, (_, i) => String(101 + 2 * i)),
];

/** The held-out names the project reports (seed 1). */
const HELD_OUT_SEED_1 =
  '001 004 014 017 019 025 034 047 058 083 103 113 127 133 163 165 185 189 191 195 203 225 227 233 239 seed x02 x11'.split(
    ' '
  );

describe('splitNames', () => {
  it('holds out exactly the published fifth for seed 1', () => {
    // Act
    const split = splitNames(NAMES, 1);
    // Assess
    expect(NAMES).toHaveLength(138);
    expect(split.heldOut).toEqual(HELD_OUT_SEED_1);
    expect(split.rest).toHaveLength(110);
    expect(DEFAULT_SPLIT_SEED).toBe(1);
  });

  it('does not depend on the order of the names or on duplicates', () => {
    const shuffled = [...NAMES].reverse();
    expect(splitNames([...shuffled, '103', 'x02'], 1)).toEqual(
      splitNames(NAMES, 1)
    );
  });

  it('takes ceil(n / 5), partitions the names, and moves with the seed', () => {
    for (const n of [1, 4, 5, 6, 15, 16]) {
      const names = NAMES.slice(0, n);
      const { heldOut, rest } = splitNames(names, 3);
      expect(heldOut, `n = ${n}`).toHaveLength(Math.ceil(n / 5));
      expect([...heldOut, ...rest].sort()).toEqual([...names].sort());
    }
    expect(splitNames(NAMES, 2).heldOut).not.toEqual(HELD_OUT_SEED_1);
    expect(splitNames([], 1)).toEqual({ heldOut: [], rest: [] });
  });

  itWithCorpus(
    'set2',
    'gives the published fifth on the corpus folders',
    () => {
      const stems = (dir: string) =>
        readdirSync(dir).map((f) => f.replace(/\.[^.]*$/, ''));
      const names = [
        ...stems(corpusSet('main').pagesDir),
        ...stems(corpusSet('set2').pagesDir),
      ];
      expect(splitNames(names, 1).heldOut).toEqual(HELD_OUT_SEED_1);
    }
  );
});
