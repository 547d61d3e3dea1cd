/**
 * `archive eval`: scores extraction against gold records (RECORD.md,
 * Scoring). Three modes:
 *
 * - `--pages <dir> --gold <dir> [--min-f1 X]`: one folder, a per-field table;
 * - `--split [--seed N] [--corpus DIR]`: the seeded held-out fifth of the
 *   corpus (shared/eval/split.ts) against the rest, per set and overall;
 * - `--digest [--write] [--corpus DIR]`: the digests of the extractor's
 *   output pinned beside PARSER_VERSION (shared/eval/digest.ts);
 * - `--corrections [target flags]`: the records people corrected, exported
 *   as gold with their pages (`archive export --format gold
 *   --corrected-only`) into a temporary folder and scored in one step.
 *
 * A page that cannot be read (a decode failure, or `extract-error` when a
 * rule throws) counts as an empty record, is named on stderr, and makes
 * the exit code 1.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import {
  checkDigests,
  DIGEST_SETS,
  type DigestSet,
  extractionDigest,
  type PinnedDigests,
} from '#shared/eval/digest.ts';
import {
  type FieldTallies,
  formatTable,
  overall,
  prf,
  scoreRecord,
} from '#shared/eval/score.ts';
import { DEFAULT_SPLIT_SEED, splitNames } from '#shared/eval/split.ts';
import { PARSER_VERSION } from '#shared/extract/index.ts';
import type { FailureReason } from '#shared/schema/record.ts';
import { extractFile } from '../files.ts';
import { type CliIo, processIo, runAction, UsageError } from '../io.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';
import { writeGoldFiles } from './export.ts';

const PROJECT_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..'
);
/** Where the digests are pinned, beside shared/extract/version.ts. */
export const PINNED_DIGESTS_FILE = join(
  PROJECT_ROOT,
  'shared',
  'extract',
  'parser-digests.json'
);
const FIXTURE_PAGES = join(PROJECT_ROOT, 'fixtures', 'pages');

/** A page that gave no record: scored as an empty one, and named. */
export interface FailedPage {
  name: string;
  reason: FailureReason | null;
  message: string;
}

export interface EvalResult {
  tallies: FieldTallies;
  f1: number;
  pages: number;
  missing: string[];
  failed: FailedPage[];
}

/**
 * Scores every page in `pagesDir` that has a gold record in `goldDir`.
 *
 * @param pagesDir - folder of pages (`<name>.<ext>`)
 * @param goldDir - folder of gold records (`<name>.json`)
 * @param only - when given, only the pages with these names
 */
export async function evaluate(
  pagesDir: string,
  goldDir: string,
  only?: ReadonlySet<string>
): Promise<EvalResult> {
  const tallies: FieldTallies = {};
  const missing: string[] = [];
  const failed: FailedPage[] = [];
  const golds = (await readdir(goldDir))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const pages = await readdir(pagesDir);
  let n = 0;
  for (const g of golds) {
    const stem = basename(g, extname(g));
    if (only && !only.has(stem)) continue;
    const page = pages.find((p) => basename(p, extname(p)) === stem);
    if (!page) {
      missing.push(stem);
      continue;
    }
    const gold = JSON.parse(await readFile(join(goldDir, g), 'utf8'));
    const result = await extractFile(join(pagesDir, page));
    if (!result.ok)
      failed.push({
        name: stem,
        reason: result.reason,
        message: result.message,
      });
    scoreRecord(gold, result.ok ? result.record : {}, tallies);
    n++;
  }
  return { tallies, f1: prf(overall(tallies)).f1, pages: n, missing, failed };
}

/** The corpus's sets and their folders under a corpus root. */
export function corpusFolders(
  root: string
): Record<DigestSet, { pages: string; gold: string }> {
  const at = (dir: string) => ({
    pages: join(root, dir, 'pages'),
    gold: join(root, dir, 'gold'),
  });
  return { main: at('.'), set2: at('set2'), frameless: at('frameless') };
}

async function pageNames(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => !f.startsWith('.'))
    .map((f) => basename(f, extname(f)));
}

export interface SplitSide {
  tallies: FieldTallies;
  f1: number;
  pages: number;
}

export interface SplitResult {
  seed: number;
  /** Held-out names (over main and set2; frameless follows set2). */
  heldOut: string[];
  names: number;
  sets: Record<DigestSet, { heldOut: EvalResult; rest: EvalResult }>;
  overall: { heldOut: SplitSide; rest: SplitSide };
}

/**
 * Scores the held-out fifth of the corpus and the rest, per set and over
 * all sets (tallies summed).
 *
 * @param root - the corpus root (pages/, gold/, set2/, frameless/)
 * @param seed - the split's seed
 */
export async function evaluateSplit(
  root: string,
  seed: number = DEFAULT_SPLIT_SEED
): Promise<SplitResult> {
  const folders = corpusFolders(root);
  for (const set of DIGEST_SETS)
    for (const dir of [folders[set].pages, folders[set].gold])
      if (!existsSync(dir))
        throw new UsageError(
          `corpus set ${set}: ${dir} is missing (--corpus ${root})`
        );
  const names = [
    ...(await pageNames(folders.main.pages)),
    ...(await pageNames(folders.set2.pages)),
  ];
  const split = splitNames(names, seed);
  const held = new Set(split.heldOut);
  const rest = new Set(split.rest);
  const sets = {} as SplitResult['sets'];
  const sum = (side: 'heldOut' | 'rest'): SplitSide => {
    const tallies: FieldTallies = {};
    let pages = 0;
    for (const set of DIGEST_SETS) {
      const r = sets[set][side];
      pages += r.pages;
      for (const [field, t] of Object.entries(r.tallies)) {
        const into = tallies[field] ?? { tp: 0, fp: 0, fn: 0 };
        into.tp += t.tp;
        into.fp += t.fp;
        into.fn += t.fn;
        tallies[field] = into;
      }
    }
    return { tallies, f1: prf(overall(tallies)).f1, pages };
  };
  for (const set of DIGEST_SETS) {
    const { pages, gold } = folders[set];
    sets[set] = {
      heldOut: await evaluate(pages, gold, held),
      rest: await evaluate(pages, gold, rest),
    };
  }
  return {
    seed,
    heldOut: split.heldOut,
    names: split.heldOut.length + split.rest.length,
    sets,
    overall: { heldOut: sum('heldOut'), rest: sum('rest') },
  };
}

/** The table `archive eval --split` prints. */
export function formatSplit(r: SplitResult): string {
  const row = (name: string, h: SplitSide, rest: SplitSide) =>
    `${name.padEnd(10)}${String(h.pages).padStart(8)}${h.f1.toFixed(4).padStart(10)}${String(rest.pages).padStart(8)}${rest.f1.toFixed(4).padStart(10)}`;
  return [
    `split seed ${r.seed}: ${r.heldOut.length} of ${r.names} names held out: ${r.heldOut.join(' ')}`,
    `${'set'.padEnd(10)}${'held'.padStart(8)}${'F1'.padStart(10)}${'rest'.padStart(8)}${'F1'.padStart(10)}`,
    ...DIGEST_SETS.map((s) => row(s, r.sets[s].heldOut, r.sets[s].rest)),
    row('overall', r.overall.heldOut, r.overall.rest),
  ].join('\n');
}

async function readTextPages(
  dir: string
): Promise<Array<{ name: string; text: string }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(
    files.map(async (f) => ({
      name: basename(f, '.txt'),
      text: await readFile(join(dir, f), 'utf8'),
    }))
  );
}

/**
 * The digests of the extractor's output now, in the pinned format: over
 * fixtures/pages and each corpus set's pages (null where a set is absent).
 *
 * @param root - the corpus root
 */
export async function currentDigests(root: string): Promise<PinnedDigests> {
  const folders = corpusFolders(root);
  const corpus = {} as PinnedDigests['corpus'];
  for (const set of DIGEST_SETS) {
    const dir = folders[set].pages;
    corpus[set] = existsSync(dir)
      ? extractionDigest(await readTextPages(dir))
      : null;
  }
  return {
    version: PARSER_VERSION,
    fixtures: extractionDigest(await readTextPages(FIXTURE_PAGES)),
    corpus,
  };
}

/** The pinned digests (shared/extract/parser-digests.json). */
export async function pinnedDigests(): Promise<PinnedDigests> {
  return JSON.parse(await readFile(PINNED_DIGESTS_FILE, 'utf8'));
}

export interface EvalFlags extends TargetFlags {
  /** Score against the records people corrected (the target's). */
  corrections?: boolean;
  pages?: string;
  gold?: string;
  minF1?: number;
  json?: boolean;
  split?: boolean;
  seed?: number;
  corpus?: string;
  digest?: boolean;
  write?: boolean;
}

/** Runs `archive eval`; returns the exit code. */
export async function runEval(
  flags: EvalFlags,
  io: CliIo = processIo
): Promise<number> {
  const modes = [
    flags.pages !== undefined || flags.gold !== undefined,
    flags.split,
    flags.digest,
    flags.corrections,
  ].filter(Boolean).length;
  if (modes !== 1)
    throw new UsageError(
      'give --pages and --gold, or --split, or --digest, or --corrections (one of them)'
    );
  if (flags.seed !== undefined && !flags.split)
    throw new UsageError('--seed goes with --split');
  if (flags.write && !flags.digest)
    throw new UsageError('--write goes with --digest');
  const root = resolve(flags.corpus ?? join('..', 'shared', 'corpus'));
  if (flags.digest) return digestCommand(root, flags, io);
  if (flags.corrections) return correctionsCommand(flags, io);
  if (flags.split) return splitCommand(root, flags, io);
  if (flags.pages === undefined || flags.gold === undefined)
    throw new UsageError('--pages and --gold go together');
  const result = await evaluate(flags.pages, flags.gold);
  if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
  else {
    io.stdout(`${formatTable(result.tallies)}\n`);
    io.stdout(
      `pages scored: ${result.pages}; overall F1 ${result.f1.toFixed(4)}\n`
    );
    for (const m of result.missing)
      io.stderr(`archive eval: no page for gold ${m}\n`);
  }
  return scoredExitCode(result, flags, io);
}

/** 1 when a page failed to extract or F1 is under `--min-f1`, each said. */
function scoredExitCode(
  result: Awaited<ReturnType<typeof evaluate>>,
  flags: EvalFlags,
  io: CliIo
): number {
  let code = reportFailed(result.failed, io);
  if (flags.minF1 !== undefined && result.f1 < flags.minF1) {
    io.stderr(
      `archive eval: overall F1 ${result.f1.toFixed(4)} is below --min-f1 ${flags.minF1}\n`
    );
    code = 1;
  }
  return code;
}

/**
 * `--corrections`: the corrected records as gold with their pages, in a
 * temporary folder, scored against the current extractor.
 */
async function correctionsCommand(
  flags: EvalFlags,
  io: CliIo
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'archive-eval-corrections-'));
  try {
    const target = await openTarget(flags, { requires: ['table'] });
    let written: string[];
    let skipped: { id: string; reason: string }[];
    try {
      ({ written, skipped } = await writeGoldFiles(target, dir, true));
    } catch (error) {
      throw explainTargetError(error, target);
    } finally {
      await target.close();
    }
    for (const s of skipped) {
      io.stderr(`archive eval: ${s.id} left out: ${s.reason}\n`);
    }
    if (written.length === 0) {
      io.stderr(
        "archive eval: no corrected records to score against yet (correct one with 'archive correct' or the web page)\n"
      );
      return 0;
    }
    const result = await evaluate(join(dir, 'pages'), join(dir, 'gold'));
    if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(`${formatTable(result.tallies)}\n`);
      io.stdout(
        `corrected records scored: ${result.pages}; overall F1 ${result.f1.toFixed(4)}\n`
      );
    }
    return scoredExitCode(result, flags, io);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function reportFailed(failed: readonly FailedPage[], io: CliIo): number {
  for (const f of failed)
    io.stderr(
      `archive eval: ${f.name}: no record (scored as empty): ${f.message}\n`
    );
  return failed.length > 0 ? 1 : 0;
}

async function splitCommand(
  root: string,
  flags: EvalFlags,
  io: CliIo
): Promise<number> {
  const result = await evaluateSplit(root, flags.seed ?? DEFAULT_SPLIT_SEED);
  io.stdout(
    flags.json ? `${JSON.stringify(result)}\n` : `${formatSplit(result)}\n`
  );
  let code = 0;
  for (const set of DIGEST_SETS) {
    const { heldOut, rest } = result.sets[set];
    code |= reportFailed([...heldOut.failed, ...rest.failed], io);
  }
  const f1 = result.overall.heldOut.f1;
  if (flags.minF1 !== undefined && f1 < flags.minF1) {
    io.stderr(
      `archive eval: held-out F1 ${f1.toFixed(4)} is below --min-f1 ${flags.minF1}\n`
    );
    code = 1;
  }
  return code;
}

async function digestCommand(
  root: string,
  flags: EvalFlags,
  io: CliIo
): Promise<number> {
  const current = await currentDigests(root);
  const text = `${JSON.stringify(current, null, 2)}\n`;
  if (!flags.write) {
    io.stdout(text);
    return 0;
  }
  const missing = DIGEST_SETS.filter((s) => current.corpus[s] === null);
  if (missing.length > 0)
    throw new UsageError(
      `cannot pin: corpus set(s) ${missing.join(', ')} absent under ${root}`
    );
  const check = checkDigests(PARSER_VERSION, await pinnedDigests(), current);
  if (!check.ok && check.problem === 'output-moved') {
    // re-pinning under the same version would hide the change from
    // idempotency keys and `reprocess --older-than-parser`
    io.stderr(
      `archive eval: the output moved under PARSER_VERSION ${PARSER_VERSION}: bump it in shared/extract/version.ts, then run --digest --write again\n`
    );
    return 1;
  }
  await writeFile(PINNED_DIGESTS_FILE, text);
  io.stdout(text);
  io.stderr(`archive eval: digests pinned in ${PINNED_DIGESTS_FILE}\n`);
  return 0;
}

function seedArg(value: string): number {
  if (!/^-?\d+$/.test(value))
    throw new InvalidArgumentError('must be an integer.');
  return Number(value);
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('score extraction against gold records')
    .option('--pages <dir>', 'folder of pages')
    .option('--gold <dir>', 'folder of gold records (<name>.json)')
    .option(
      '--split',
      'score the seeded held-out fifth of the corpus against the rest'
    )
    .option('--seed <n>', 'seed of --split (default 1)', seedArg)
    .option(
      '--corpus <dir>',
      'corpus root for --split and --digest (default ../shared/corpus)'
    )
    .option(
      '--digest',
      'print the digests of the extraction output (pinned beside PARSER_VERSION)'
    )
    .option('--write', 'with --digest: pin them')
    .option(
      '--min-f1 <x>',
      'exit 1 when overall F1 (with --split: held-out F1) is below this',
      Number.parseFloat
    )
    .option('--json', 'print the tallies as JSON')
    .option(
      '--corrections',
      "score against the records people corrected (the target's; see archive export --format gold)"
    );
  addTargetOptions(command).action(async (opts: EvalFlags) => {
    await runAction(() => runEval(opts));
  });
}
