/**
 * The plan of a backfill run: how many parallel-scan segments, the input
 * the state machine starts with, and the names of its executions.
 */
import type { Selection } from './selection.ts';

/**
 * Most segments of one run: the state machine lists them with
 * `States.ArrayRange`, which makes at most 1,000 items, and the Map's
 * result (one small entry per segment) stays far under the 256 KiB a
 * state's output may hold.
 */
export const MAX_SEGMENTS = 1000;

/**
 * Table items per segment when the count comes from the table size. The
 * table holds about a dozen items per page (record, audit events, person
 * index...), so 100,000 items is some 8,000 records: one Lambda scans
 * that (1 MB pages, ~10 ms of DynamoDB time each) and sends its
 * ~800 message batches well inside one invocation.
 */
export const ITEMS_PER_SEGMENT = 100_000;

/** Segments when the table size is unknown (DescribeTable refused). */
export const DEFAULT_SEGMENTS = 16;

/**
 * The number of segments for a table of `itemCount` items (DescribeTable's
 * `ItemCount`, refreshed by DynamoDB about every six hours), or the one a
 * user asked for.
 *
 * @example segmentCount(12_000_000) // 120
 * @throws RangeError when `requested` is not 1..MAX_SEGMENTS
 */
export function segmentCount(
  itemCount: number | null,
  requested?: number
): number {
  if (requested !== undefined) {
    if (
      !Number.isInteger(requested) ||
      requested < 1 ||
      requested > MAX_SEGMENTS
    ) {
      throw new RangeError(
        `segments must be a whole number from 1 to ${MAX_SEGMENTS}, got ${requested}`
      );
    }
    return requested;
  }
  if (itemCount === null || !Number.isFinite(itemCount) || itemCount < 0) {
    return DEFAULT_SEGMENTS;
  }
  return Math.min(
    MAX_SEGMENTS,
    Math.max(1, Math.ceil(itemCount / ITEMS_PER_SEGMENT))
  );
}

/** The state machine's input: it makes segments 0..totalSegments-1. */
export interface BackfillInput {
  selection: Selection;
  totalSegments: number;
}

/**
 * An execution name: `reprocess-<mode>-<UTC time>-<4 hex>`, within Step
 * Functions' 80 characters of `[A-Za-z0-9_-]`, sortable by start time.
 *
 * @example executionName({ mode: 'stale' }, new Date('2026-01-02T03:04:05Z'), 'a1b2')
 * // 'reprocess-stale-20260102T030405Z-a1b2'
 */
export function executionName(
  selection: Selection,
  now: Date,
  suffix: string
): string {
  const time = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const status = selection.status ? `-${selection.status}` : '';
  return `reprocess-${selection.mode}${status}-${time}-${suffix}`
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 80);
}

/**
 * The execution ARN of a run given by name or ARN.
 *
 * @example executionArnOf('arn:aws:states:eu-west-1:1:stateMachine:bf', 'run-1')
 * // 'arn:aws:states:eu-west-1:1:execution:bf:run-1'
 * @throws Error when the id is neither an execution ARN nor a name
 */
export function executionArnOf(stateMachineArn: string, id: string): string {
  if (id.startsWith('arn:')) {
    if (!/^arn:[\w-]+:states:[\w-]+:\d+:execution:[^:]+:[^:]+$/.test(id)) {
      throw new Error(`not a Step Functions execution ARN: ${id}`);
    }
    return id;
  }
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) {
    throw new Error(`not an execution name: ${id}`);
  }
  const match = /^(arn:[\w-]+:states:[\w-]+:\d+):stateMachine:([^:]+)$/.exec(
    stateMachineArn
  );
  if (!match) throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  return `${match[1]}:execution:${match[2]}:${id}`;
}
