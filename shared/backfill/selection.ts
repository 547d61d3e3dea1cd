/**
 * What a backfill re-runs: every record, the stale ones, or those made by
 * a parser older than a version; optionally only ok or only failed ones.
 * Pure data and rules, shared by the backfill-segment Lambda, the embedded
 * runtime's in-process fan-out and the CLI that starts either
 * (docs/BACKFILL.md).
 */
import * as z from 'zod/mini';

export const SelectionSchema = z.strictObject({
  /**
   * `all`: every record; `stale`: made by an older parser or indexed by
   * an older index layout; `older-than-parser`: `parserVersion` older than
   * `olderThanParser`.
   */
  mode: z.enum(['all', 'stale', 'older-than-parser']),
  olderThanParser: z.optional(
    z.string().check(z.regex(/^\d+(\.\d+)*$/), z.maxLength(32))
  ),
  /** Only records with this status (unset: ok and failed). */
  status: z.optional(z.enum(['ok', 'failed'])),
});
export type Selection = z.infer<typeof SelectionSchema>;

/** The versions the running code writes: what "stale" is measured against. */
export interface CurrentVersions {
  parserVersion: string;
  indexVersion: number;
}

/**
 * Parses a selection, also checking that `olderThanParser` comes with
 * (and only with) `older-than-parser`.
 *
 * @throws Error naming the problem
 */
export function parseSelection(value: unknown): Selection {
  const parsed = SelectionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `selection.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`
    );
  }
  const s = parsed.data;
  if ((s.mode === 'older-than-parser') !== (s.olderThanParser !== undefined)) {
    throw new Error(
      'selection: olderThanParser is required with mode older-than-parser, and only there'
    );
  }
  return s;
}

/**
 * Whether the reprocess messages force a re-run. A parser-version change
 * alone already makes a new processing key, so `older-than-parser` leaves
 * an up-to-date record alone; the other modes must re-run records the
 * current parser made (an index layout change, or "all").
 */
export function forceFor(selection: Selection): boolean {
  return selection.mode !== 'older-than-parser';
}

/**
 * Compares dotted versions numerically (`0.10.0` > `0.9.1`).
 *
 * @example compareVersions('0.10.0', '0.9.1') // 1
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The attributes of a record item a selection is decided on. */
export interface SelectedFields {
  parserVersion?: string | null;
  indexVersion?: number | null;
  status?: string | null;
}

/**
 * Whether a record item is selected. The scan's filter expression only
 * narrows what DynamoDB returns (it cannot compare dotted versions
 * numerically); this is the exact rule.
 *
 * @param item the record item's projected attributes
 * @param selection what to re-run
 * @param current the versions the running code writes
 */
export function isSelected(
  item: SelectedFields,
  selection: Selection,
  current: CurrentVersions
): boolean {
  if (selection.status !== undefined && item.status !== selection.status) {
    return false;
  }
  const parser = item.parserVersion ?? '0';
  switch (selection.mode) {
    case 'all':
      return true;
    case 'stale':
      return (
        compareVersions(parser, current.parserVersion) < 0 ||
        typeof item.indexVersion !== 'number' ||
        item.indexVersion < current.indexVersion
      );
    case 'older-than-parser':
      return compareVersions(parser, selection.olderThanParser ?? '0') < 0;
  }
}

/** One line for people: `stale records`, `ok records older than parser 0.2.0`. */
export function describeSelection(selection: Selection): string {
  const what = selection.status ? `${selection.status} records` : 'records';
  switch (selection.mode) {
    case 'all':
      return `all ${what}`;
    case 'stale':
      return `stale ${what} (older parser or index layout)`;
    case 'older-than-parser':
      return `${what} made by a parser older than ${selection.olderThanParser}`;
  }
}
