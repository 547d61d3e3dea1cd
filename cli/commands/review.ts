/**
 * `archive review [--limit N] [--cursor C] [--json]`: the records waiting
 * for review, oldest first, with counts by flag over the whole queue (the
 * same as `GET /review`). `archive review --done <id> [--note TEXT]` marks
 * one reviewed, as the OS user: it leaves the queue until a flag it did
 * not have appears. Also the corrections part of `archive reprocess`'s
 * report (`correctionReport`).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  type Correction,
  countStatuses,
  QUEUE_FLAGS,
} from '#shared/corrections/index.ts';
import type { ReviewQueuePage } from '#shared/query/index.ts';
import {
  type CliIo,
  positiveInt,
  processIo,
  runAction,
  UsageError,
} from '../io.ts';
import { printable, renderTable } from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
} from '../target.ts';

export interface ReviewFlags extends TargetFlags {
  limit?: number;
  cursor?: string;
  json?: boolean;
  done?: string;
  note?: string;
}

/** Counts by flag, in the queue's order of flags, then any other. */
export function formatCounts(
  page: Pick<ReviewQueuePage, 'counts' | 'total'>
): string {
  const flags = [
    ...QUEUE_FLAGS.filter((f) => page.counts[f]),
    ...Object.keys(page.counts).filter((f) => !QUEUE_FLAGS.includes(f)),
  ];
  const width = Math.max(4, ...flags.map((f) => f.length));
  const lines = [
    `Needs review: ${page.total} record${page.total === 1 ? '' : 's'}`,
    ...flags.map(
      (f) => `  ${f.padEnd(width)}  ${String(page.counts[f]).padStart(5)}`
    ),
  ];
  return `${lines.join('\n')}\n`;
}

const COLUMNS = [
  { header: 'id', value: (e: ReviewQueuePage['items'][number]) => e.id },
  {
    header: 'date',
    value: (e: ReviewQueuePage['items'][number]) => e.date ?? '',
  },
  {
    header: 'type',
    value: (e: ReviewQueuePage['items'][number]) => e.documentType,
  },
  {
    header: 'flags',
    value: (e: ReviewQueuePage['items'][number]) => e.flags.join(' '),
  },
  {
    header: 'title',
    value: (e: ReviewQueuePage['items'][number]) => printable(e.title ?? ''),
    max: 60,
  },
];

/** The command body; throws, `runAction` maps. */
export async function runReview(
  flags: ReviewFlags,
  io: CliIo = processIo,
  by: string = userInfo().username
): Promise<number> {
  if (flags.done === undefined && flags.note !== undefined) {
    throw new UsageError('--note goes with --done <id>');
  }
  if (
    flags.done !== undefined &&
    (flags.limit !== undefined || flags.cursor !== undefined)
  ) {
    throw new UsageError(
      '--done <id> cannot be combined with --limit or --cursor'
    );
  }
  const target = await openTarget(flags, { requires: ['table'] });
  try {
    if (flags.done !== undefined) {
      const { reviewed } = await target.query.markReviewed(
        flags.done,
        flags.note !== undefined ? { note: flags.note } : {},
        by
      );
      if (flags.json) io.stdout(`${JSON.stringify({ reviewed }, null, 2)}\n`);
      else {
        const covered = reviewed.flags?.length
          ? ` (flags: ${reviewed.flags.join(', ')})`
          : '';
        io.stdout(
          `Marked ${flags.done} reviewed by ${printable(reviewed.by)} at ${reviewed.at}${covered}\n`
        );
      }
      return 0;
    }
    const page = await target.query.reviewQueue({
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      ...(flags.cursor !== undefined ? { cursor: flags.cursor } : {}),
    });
    if (flags.json) {
      io.stdout(`${JSON.stringify(page, null, 2)}\n`);
    } else {
      io.stdout(formatCounts(page));
      if (page.items.length > 0) {
        io.stdout('\n');
        io.stdout(renderTable(page.items, COLUMNS));
      }
    }
    if (page.cursor) io.stderr(`more: --cursor ${page.cursor}\n`);
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** What re-extraction did to the corrections of some records. */
export interface CorrectionReport {
  /** Records that carry corrections. */
  records: number;
  counts: Record<Correction['status'], number>;
  /** Each absorbed or conflicting correction, with its record and reason. */
  notes: { id: string; correction: Correction }[];
}

/**
 * Reads the corrections of these records as the last commit left them
 * (after a reprocess: as re-applied to the new extraction).
 *
 * @param target where the records are
 * @param ids record ids
 */
export async function correctionReport(
  target: Pick<Target, 'store'>,
  ids: readonly string[]
): Promise<CorrectionReport> {
  const report: CorrectionReport = {
    records: 0,
    counts: { applied: 0, absorbed: 0, conflict: 0 },
    notes: [],
  };
  for (const id of new Set(ids)) {
    const review = await target.store.getRecordReview(id);
    if (!review || review.corrections.length === 0) continue;
    report.records += 1;
    const counts = countStatuses(review.corrections);
    for (const status of ['applied', 'absorbed', 'conflict'] as const) {
      report.counts[status] += counts[status];
    }
    for (const c of review.corrections) {
      if (c.status !== 'applied') report.notes.push({ id, correction: c });
    }
  }
  return report;
}

/** The report's lines (empty when no record had corrections). */
export function formatCorrectionReport(report: CorrectionReport): string {
  if (report.records === 0) return '';
  const { applied, absorbed, conflict } = report.counts;
  const lines = [
    `corrections on ${report.records} record${report.records === 1 ? '' : 's'}: ${applied} re-applied, ${absorbed} absorbed, ${conflict} in conflict`,
    ...report.notes.map(
      ({ id, correction: c }) =>
        `  ${c.status}: ${id} ${c.path}${c.statusDetail ? `: ${printable(c.statusDetail)}` : ''}`
    ),
  ];
  if (conflict > 0) {
    lines.push("  conflicts are kept and flagged: see 'archive review'");
  }
  return `${lines.join('\n')}\n`;
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerReview(program: Command): void {
  addTargetOptions(
    program
      .command('review')
      .description(
        'the records waiting for review, oldest first, with counts by flag; --done <id> marks one reviewed'
      )
      .option(
        '--limit <n>',
        'records per page (1-200, default 50)',
        positiveInt(200)
      )
      .option('--cursor <cursor>', 'the cursor printed with the previous page')
      .option('--done <id>', 'mark this record reviewed (as the OS user)')
      .option('--note <text>', 'with --done: a note kept with the marker')
      .option('--json', 'print JSON: { items, counts, total, cursor }')
  ).action(async (opts: ReviewFlags) => {
    await runAction(() => runReview(opts));
  });
}
