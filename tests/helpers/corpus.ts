/**
 * The shared corpus (`../shared/corpus`, beside the clone): real archive
 * pages with hand-checked gold records, in three sets: `main` (pages/,
 * gold/), `set2` (set2/pages, set2/gold) and `frameless` (frameless/pages,
 * frameless/gold: set2 pages cut to the document alone). Read in place,
 * never copied.
 *
 * Where a set is absent, a test that needs it fails under CI (env `CI`
 * set), naming the missing folder; on a developer's machine it is skipped
 * with the same message. No test is skipped by construction: the suites
 * are registered through `describeCorpus` / `itWithCorpus`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared/corpus`, beside the clone (it may be absent); env `ARCHIVE_CORPUS` moves it. */
export const CORPUS_ROOT = resolve(
  process.env.ARCHIVE_CORPUS || resolve(root, '..', 'shared', 'corpus')
);

export const CORPUS_SET_NAMES = ['main', 'set2', 'frameless'] as const;
export type CorpusSetName = (typeof CORPUS_SET_NAMES)[number];

export interface CorpusSet {
  name: CorpusSetName;
  pagesDir: string;
  goldDir: string;
  /** The first of pagesDir / goldDir that is missing, or null. */
  missing: string | null;
}

/** True when the tests run under CI, where a missing corpus is a failure. */
export const IN_CI = ((v) => v !== undefined && v !== '' && v !== 'false')(
  process.env.CI
);

const SET_FOLDERS: Record<CorpusSetName, string> = {
  main: '.',
  set2: 'set2',
  frameless: 'frameless',
};

/** One corpus set and whether its folders are there. */
export function corpusSet(name: CorpusSetName): CorpusSet {
  const base = join(CORPUS_ROOT, SET_FOLDERS[name]);
  const pagesDir = join(base, 'pages');
  const goldDir = join(base, 'gold');
  const missing = [pagesDir, goldDir].find((d) => !existsSync(d)) ?? null;
  return { name, pagesDir, goldDir, missing };
}

/** Every corpus set, `main` first. */
export function corpusSets(): CorpusSet[] {
  return CORPUS_SET_NAMES.map(corpusSet);
}

/** What a test says when its set is missing. */
export function missingMessage(set: CorpusSet): string {
  return `corpus set ${set.name}: ${set.missing} is missing (the corpus lives at ${CORPUS_ROOT}, beside this clone)${IN_CI ? '' : '; skipped outside CI'}`;
}

/** The main set's folder, or null when it is absent (kept for old tests). */
export const CORPUS_DIR: string | null = corpusSet('main').missing
  ? null
  : CORPUS_ROOT;

export interface CorpusPage {
  name: string;
  text: string;
  gold: Record<string, unknown>;
}

/**
 * Every page of a set that has a gold record, in name order. A missing set
 * throws under CI and gives no pages elsewhere.
 */
export function corpusPages(name: CorpusSetName = 'main'): CorpusPage[] {
  const set = corpusSet(name);
  if (set.missing) {
    if (IN_CI) throw new Error(missingMessage(set));
    return [];
  }
  return pagesWithGold(set.pagesDir, set.goldDir);
}

/**
 * Every page of a folder in the corpus layout (`pages/<name>.txt` beside
 * `gold/<name>.json`) that has a gold record, in name order: the corpus
 * sets and the project's own fixture sets alike.
 */
export function pagesWithGold(pagesDir: string, goldDir: string): CorpusPage[] {
  return readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const page = basename(f, '.json');
      return {
        name: page,
        text: readFileSync(join(pagesDir, `${page}.txt`), 'utf8'),
        gold: JSON.parse(readFileSync(join(goldDir, f), 'utf8')),
      };
    });
}

/** Per page, the scored fields whose extracted value differs from the gold. */
export function fieldFailures(
  pages: readonly CorpusPage[],
  read: (text: string) => Record<string, unknown>,
  score: (
    gold: Record<string, unknown>,
    got: Record<string, unknown>
  ) => Record<string, { tp: number; fp: number; fn: number }>
): string[] {
  const lines: string[] = [];
  for (const p of pages) {
    for (const [field, t] of Object.entries(score(p.gold, read(p.text)))) {
      if (t.fp > 0 || t.fn > 0)
        lines.push(`${p.name}: ${field} (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`);
    }
  }
  return lines;
}

/**
 * `describe(title, body)` when the set is there. When it is missing, one
 * test in its place that fails under CI and is skipped, with the message,
 * elsewhere.
 */
export function describeCorpus(
  name: CorpusSetName,
  title: string,
  body: (set: CorpusSet) => void
): void {
  const set = corpusSet(name);
  if (!set.missing) {
    describe(title, () => body(set));
    return;
  }
  describe(title, () => missingTest(set));
}

/** `it(title, test)` when the set is there; otherwise as `describeCorpus`. */
export function itWithCorpus(
  name: CorpusSetName,
  title: string,
  test: (set: CorpusSet) => void | Promise<void>,
  timeout?: number
): void {
  const set = corpusSet(name);
  if (set.missing) missingTest(set);
  else it(title, () => test(set), timeout);
}

function missingTest(set: CorpusSet): void {
  const message = missingMessage(set);
  if (!IN_CI) console.warn(message);
  it(`needs corpus set ${set.name}`, (ctx) => {
    if (IN_CI) throw new Error(message);
    ctx.skip(message);
  });
}

/** A project file, by path from the repository root. */
export function projectFile(path: string): string {
  return join(root, path);
}
