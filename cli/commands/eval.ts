/**
 * `archive eval --pages <dir> --gold <dir> [--min-f1 X]`: scores extraction
 * against gold records (RECORD.md, Scoring) and prints a per-field table.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import {
  type FieldTallies,
  formatTable,
  overall,
  prf,
  scoreRecord,
} from '#shared/eval/score.ts';
import { extractFile } from '../files.ts';

export interface EvalResult {
  tallies: FieldTallies;
  f1: number;
  pages: number;
  missing: string[];
}

/** Scores every page in `pagesDir` that has a gold record in `goldDir`. */
export async function evaluate(
  pagesDir: string,
  goldDir: string
): Promise<EvalResult> {
  const tallies: FieldTallies = {};
  const missing: string[] = [];
  const golds = (await readdir(goldDir))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const pages = new Set(await readdir(pagesDir));
  let n = 0;
  for (const g of golds) {
    const stem = basename(g, extname(g));
    const page = [...pages].find((p) => basename(p, extname(p)) === stem);
    if (!page) {
      missing.push(stem);
      continue;
    }
    const gold = JSON.parse(await readFile(join(goldDir, g), 'utf8'));
    const result = await extractFile(join(pagesDir, page));
    scoreRecord(gold, result.ok ? result.record : {}, tallies);
    n++;
  }
  return { tallies, f1: prf(overall(tallies)).f1, pages: n, missing };
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score extraction against gold records')
    .requiredOption('--pages <dir>', 'folder of pages')
    .requiredOption('--gold <dir>', 'folder of gold records (<name>.json)')
    .option(
      '--min-f1 <x>',
      'exit 1 when overall F1 is below this',
      Number.parseFloat
    )
    .option('--json', 'print the tallies as JSON')
    .action(
      async (opts: {
        pages: string;
        gold: string;
        minF1?: number;
        json?: boolean;
      }) => {
        const result = await evaluate(opts.pages, opts.gold);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } else {
          process.stdout.write(`${formatTable(result.tallies)}\n`);
          process.stdout.write(
            `pages scored: ${result.pages}; overall F1 ${result.f1.toFixed(4)}\n`
          );
          for (const m of result.missing)
            process.stderr.write(`archive eval: no page for gold ${m}\n`);
        }
        if (opts.minF1 !== undefined && result.f1 < opts.minF1) {
          process.stderr.write(
            `archive eval: overall F1 ${result.f1.toFixed(4)} is below --min-f1 ${opts.minF1}\n`
          );
          process.exitCode = 1;
        }
      }
    );
}
