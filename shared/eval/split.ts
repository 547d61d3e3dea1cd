/**
 * The held-out split of the corpus: a seeded fifth of the page names, kept
 * out of tuning so that its F1 is an honest figure for pages the rules were
 * not written against. Pure: the same names and seed give the same split on
 * any machine, whatever order the names come in.
 */
import { createHash } from 'node:crypto';

/** The seed of the split the project reports (`archive eval --split`). */
export const DEFAULT_SPLIT_SEED = 1;

/** One name in this many is held out (rounded up). */
export const HELD_OUT_ONE_IN = 5;

export interface Split {
  /** Held-out names, in name order. */
  heldOut: string[];
  /** The other names, in name order. */
  rest: string[];
}

/**
 * Splits page names (file names without extension) by seed: the names are
 * ordered by `sha256("<seed>:<name>")` (hex, ascending; name order breaks a
 * tie) and the first `ceil(n / 5)` are held out. Duplicate names count once,
 * so a page cut from another (frameless/) follows its original's name.
 *
 * @param names - page names, in any order, duplicates allowed
 * @param seed - the split's seed (default 1)
 * @example
 * splitNames(['001', '002', '004', '005', '007'], 1).heldOut // one name
 */
export function splitNames(
  names: Iterable<string>,
  seed: number = DEFAULT_SPLIT_SEED
): Split {
  const unique = [...new Set(names)];
  const key = new Map(
    unique.map((n) => [
      n,
      createHash('sha256').update(`${seed}:${n}`).digest('hex'),
    ])
  );
  const byHash = unique.sort((a, b) => {
    const ka = key.get(a) ?? '';
    const kb = key.get(b) ?? '';
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const cut = Math.ceil(byHash.length / HELD_OUT_ONE_IN);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    heldOut: byHash.slice(0, cut).sort(byName),
    rest: byHash.slice(cut).sort(byName),
  };
}
