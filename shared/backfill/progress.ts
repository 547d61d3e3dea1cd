/**
 * Progress arithmetic of a backfill: what one segment counted, the sum
 * over segments, and a run's state read from Step Functions (the
 * execution and its Map Run), as plain data the CLI prints.
 */
import type { Selection } from './selection.ts';

/** What a segment (or a whole run) counted. */
export interface BackfillCounts {
  /** Items DynamoDB examined (every item of the segment, all kinds). */
  scanned: number;
  /** Record items the selection chose. */
  selected: number;
  /** Reprocess messages accepted by the queue. */
  enqueued: number;
  /** Selected records with no source object to re-read. */
  skipped: number;
}

export const ZERO_COUNTS: BackfillCounts = Object.freeze({
  scanned: 0,
  selected: 0,
  enqueued: 0,
  skipped: 0,
});

/** The sum of counts. */
export function addCounts(
  ...counts: readonly Partial<BackfillCounts>[]
): BackfillCounts {
  const sum = { ...ZERO_COUNTS };
  for (const c of counts) {
    sum.scanned += c.scanned ?? 0;
    sum.selected += c.selected ?? 0;
    sum.enqueued += c.enqueued ?? 0;
    sum.skipped += c.skipped ?? 0;
  }
  return sum;
}

/** `12,400 scanned, 1,020 selected, 1,018 enqueued, 2 skipped`. */
export function formatCounts(c: BackfillCounts): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(c.scanned)} items scanned, ${n(c.selected)} records selected, ${n(c.enqueued)} enqueued, ${n(c.skipped)} skipped (no source to re-read)`;
}

/** Segments of a run by state (a Map Run's item counts). */
export interface SegmentCounts {
  total: number;
  succeeded: number;
  failed: number;
  running: number;
  pending: number;
}

export type RunStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

/** A backfill run as the CLI shows it. */
export interface BackfillRun {
  executionArn: string;
  name: string;
  status: RunStatus;
  startedAt: Date | null;
  stoppedAt: Date | null;
  selection: Selection | null;
  /** Segments by state; null before the Map Run starts. */
  segments: SegmentCounts | null;
  /** Totals over segments; known when the run has finished. */
  counts: BackfillCounts | null;
  /** Why a run failed, from the execution. */
  error: string | null;
}

/** The fields of `DescribeExecution` a run is read from. */
export interface ExecutionDescription {
  executionArn?: string;
  name?: string;
  status?: string;
  startDate?: Date;
  stopDate?: Date;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** The fields of `DescribeMapRun` a run is read from. */
export interface MapRunDescription {
  itemCounts?: {
    total?: number;
    succeeded?: number;
    failed?: number;
    running?: number;
    pending?: number;
    timedOut?: number;
    aborted?: number;
  };
}

/**
 * A run from Step Functions' descriptions. The execution's output (a
 * finished run) is the Map's result: one `{ segment, counts }` per
 * segment, summed here.
 *
 * @param execution DescribeExecution's answer
 * @param mapRun DescribeMapRun's answer (undefined: no Map Run yet)
 */
export function runFrom(
  execution: ExecutionDescription,
  mapRun?: MapRunDescription
): BackfillRun {
  const input = parseJson(execution.input) as {
    selection?: Selection;
  } | null;
  const output = parseJson(execution.output) as {
    segments?: { counts?: Partial<BackfillCounts> }[];
  } | null;
  const items = mapRun?.itemCounts;
  return {
    executionArn: execution.executionArn ?? '',
    name: execution.name ?? '',
    status: (execution.status ?? 'RUNNING') as RunStatus,
    startedAt: execution.startDate ?? null,
    stoppedAt: execution.stopDate ?? null,
    selection: input?.selection ?? null,
    segments: items
      ? {
          total: items.total ?? 0,
          succeeded: items.succeeded ?? 0,
          failed:
            (items.failed ?? 0) + (items.timedOut ?? 0) + (items.aborted ?? 0),
          running: items.running ?? 0,
          pending: items.pending ?? 0,
        }
      : null,
    counts: Array.isArray(output?.segments)
      ? addCounts(...output.segments.map((s) => s.counts ?? {}))
      : null,
    error:
      execution.error || execution.cause
        ? [execution.error, execution.cause].filter(Boolean).join(': ')
        : null,
  };
}

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Whether a run has ended (for better or worse). */
export function isFinished(run: BackfillRun): boolean {
  return run.status !== 'RUNNING';
}
