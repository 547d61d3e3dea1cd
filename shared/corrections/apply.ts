/**
 * Applies a record's corrections to its extraction, in the order they were
 * made, and says what became of each: `applied`, `absorbed` (the
 * extraction now has the value by itself) or `conflict` (it no longer
 * fits: kept, not applied, flagged for review). The same function shows a
 * stored record (statuses as stored), re-applies corrections after a
 * re-extraction (with the new text: spans are checked again), and checks a
 * new correction against the record shown.
 *
 * Each correction is evaluated against the record as the earlier ones left
 * it, as the person saw it. A list entry is found by its old value: when
 * the extraction now puts it at another index, the correction follows it.
 * Provenance follows the values: a corrected value's span is the
 * correction's (none when typed), list entries after a removed one move up.
 * The cross-field checks (copies that do not add up, times out of order,
 * request numbering) are run again on the corrected record, unless a
 * correction set the warnings by hand.
 */
import type { YMD } from '#shared/extract/dates.ts';
import { checks } from '#shared/extract/index.ts';
import type { Extraction, WarningCode } from '#shared/schema/record.ts';
import type { CorrectedMark, Correction } from './correction.ts';
import {
  assign,
  childSpec,
  type FieldSpec,
  fieldOf,
  resolve,
  type Segment,
} from './fields.ts';
import {
  anchorOf,
  identical,
  indexOfSame,
  quote,
  readsAs,
  same,
} from './values.ts';

/** The codes the cross-field checks compute from the fields themselves. */
const DERIVED_CODES: ReadonlySet<string> = new Set<WarningCode>([
  'distribution-copies-mismatch',
  'time-order',
  'request-numbering-gap',
]);

export interface ApplyOptions {
  /**
   * The decoded text. Given: every correction is evaluated again and spans
   * are checked against it (after a re-extraction, and for a new
   * correction). Absent: the stored statuses stand for conflicts (a record
   * shown from the store).
   */
  text?: string;
}

export interface Applied<T extends Extraction> {
  /** The extraction with the applied corrections. */
  record: T;
  /** Per field path: the correction that set it. */
  corrected: Record<string, CorrectedMark>;
  /** Every correction, in order, with its status now. */
  corrections: Correction[];
}

/** A status and its reason, with the path a moved list entry was found at. */
interface Outcome {
  status: Correction['status'];
  detail?: string;
  /** Where to apply (a list entry that moved); the correction's own path otherwise. */
  at?: Segment[];
}

/**
 * The extraction with its corrections applied.
 *
 * @param extraction the record as extracted (not changed)
 * @param corrections every correction of the record, in the order made
 * @param options the decoded text, to evaluate spans again
 * @example
 * const { record, corrected } = applyCorrections(stored, item.corrections);
 */
export function applyCorrections<T extends Extraction>(
  extraction: T,
  corrections: readonly Correction[],
  options: ApplyOptions = {}
): Applied<T> {
  if (corrections.length === 0) {
    return { record: extraction, corrected: {}, corrections: [] };
  }
  const record = structuredClone(extraction);
  const corrected: Record<string, CorrectedMark> = {};
  const out: Correction[] = [];
  const anchor = anchorOf(extraction.date);
  let warningsByHand = false;
  let changed = false;
  for (const c of corrections) {
    const outcome =
      options.text === undefined && c.status === 'conflict'
        ? { status: 'conflict' as const, detail: c.statusDetail }
        : evaluate(record, c, options.text, anchor);
    const { statusDetail: _old, ...rest } = c;
    out.push({
      ...rest,
      status: outcome.status,
      ...(outcome.detail ? { statusDetail: outcome.detail } : {}),
    });
    if (outcome.status !== 'applied') continue;
    perform(record, corrected, c, outcome.at);
    changed = true;
    if (c.path === 'warnings' || c.path.startsWith('warnings.')) {
      warningsByHand = true;
    }
  }
  if (changed && !warningsByHand) recheck(record);
  return { record, corrected, corrections: out };
}

/**
 * A stored record as readers see it: its corrections applied with their
 * stored statuses. A failure record has no fields: none applied.
 *
 * @param record the stored extraction
 * @param corrections its corrections (undefined on records without any)
 */
export function showCorrected<
  T extends Extraction & { status: 'ok' | 'failed' },
>(record: T, corrections: readonly Correction[] | undefined): Applied<T> {
  if (!corrections?.length || record.status !== 'ok') {
    return { record, corrected: {}, corrections: [...(corrections ?? [])] };
  }
  return applyCorrections(record, corrections);
}

/** The cross-field checks again, on the corrected fields. */
function recheck(record: Extraction): void {
  const kept = record.warnings.filter((w) => !DERIVED_CODES.has(w));
  const derived = checks(
    record,
    kept.includes('truncated'),
    kept.includes('low-confidence')
  ).filter((w) => DERIVED_CODES.has(w));
  record.warnings = [...new Set([...kept, ...derived])].sort();
}

/** Index of the last list index in a path (`requests.0.quantities.1.min` → 3), or -1. */
function lastIndexAt(segments: readonly Segment[]): number {
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    if (typeof segments[i] === 'number') return i;
  }
  return -1;
}

/** Is the last segment a list index (the path names a list entry)? */
function isEntry(segments: readonly Segment[]): boolean {
  return typeof segments.at(-1) === 'number';
}

/**
 * What a correction comes to on the record as the earlier ones left it.
 * Exported for the validation of a new correction.
 */
export function evaluate(
  record: Extraction,
  c: Pick<Correction, 'op' | 'path' | 'value' | 'oldValue' | 'span'>,
  text: string | undefined,
  anchor: YMD | null = anchorOf(record.date)
): Outcome {
  const { segments, spec } = fieldOf(c.path);
  if (text !== undefined && c.span) {
    const { start, end } = c.span;
    if (end > text.length) {
      return {
        status: 'conflict',
        detail: `the span ${start}-${end} is past the end of the text (${text.length} characters)`,
      };
    }
    const read = text.slice(start, end);
    const readSpec =
      c.op === 'add' ? (childSpec(spec.pattern, '*') ?? spec) : spec;
    if (!readsAs(readSpec, read, c.value, anchor)) {
      return {
        status: 'conflict',
        detail: `the text at ${start}-${end} now reads '${quote(read)}', not '${quote(c.value)}'`,
      };
    }
  }
  switch (c.op) {
    case 'add':
      return evaluateAdd(record, segments, spec, c.value);
    case 'remove':
      return evaluateRemove(record, segments, spec, c.oldValue);
    default:
      return evaluateSet(record, segments, spec, c.value, c.oldValue);
  }
}

function evaluateSet(
  record: Extraction,
  segments: Segment[],
  spec: FieldSpec,
  value: unknown,
  oldValue: unknown
): Outcome {
  const path = segments.join('.');
  const here = resolve(record, segments);
  if (here.found) {
    if (identical(here.value, value)) {
      return {
        status: 'absorbed',
        detail: `${path} now reads '${quote(value)}' by itself`,
      };
    }
    if (same(spec, here.value, oldValue)) return { status: 'applied' };
    if (same(spec, here.value, value)) {
      return {
        status: 'absorbed',
        detail: `${path} now reads '${quote(here.value)}' by itself, the same as '${quote(value)}' as RECORD.md compares them`,
      };
    }
  }
  const k = lastIndexAt(segments);
  if (k >= 0) {
    // the entry may have moved: find it in its list by its old value
    const listAt = segments.slice(0, k);
    const rest = segments.slice(k + 1);
    const list = resolve(record, listAt);
    if (list.found && Array.isArray(list.value)) {
      const memberOf = (entry: unknown) => resolve(entry, rest);
      const find = (wanted: unknown) =>
        (list.value as unknown[]).findIndex((entry) => {
          const v = memberOf(entry);
          return v.found && same(spec, v.value, wanted);
        });
      const moved = find(oldValue);
      if (moved >= 0) {
        const at = [...listAt, moved, ...rest];
        return {
          status: 'applied',
          detail: `the entry moved: applied at ${at.join('.')}`,
          at,
        };
      }
      const has = find(value);
      if (has >= 0) {
        const at = [...listAt, has, ...rest];
        return {
          status: 'absorbed',
          detail: `${at.join('.')} now reads '${quote(memberOf(list.value[has]).value)}' by itself`,
        };
      }
    }
  }
  if (!here.found) {
    return { status: 'conflict', detail: `${path} is gone: ${here.reason}` };
  }
  return {
    status: 'conflict',
    detail: `${path} now reads '${quote(here.value)}': neither the value corrected ('${quote(oldValue)}') nor the correction ('${quote(value)}')`,
  };
}

function evaluateAdd(
  record: Extraction,
  segments: Segment[],
  spec: FieldSpec,
  value: unknown
): Outcome {
  const path = segments.join('.');
  const list = resolve(record, segments);
  if (!list.found || !Array.isArray(list.value)) {
    return {
      status: 'conflict',
      detail: `the list ${path} is gone: ${list.found ? `${path} is not a list` : list.reason}`,
    };
  }
  const entry = childSpec(spec.pattern, '*') ?? spec;
  const has = indexOfSame(entry, list.value, value);
  if (has >= 0) {
    return {
      status: 'absorbed',
      detail: `${path}.${has} now reads '${quote(list.value[has])}' by itself`,
    };
  }
  return { status: 'applied' };
}

function evaluateRemove(
  record: Extraction,
  segments: Segment[],
  spec: FieldSpec,
  oldValue: unknown
): Outcome {
  const path = segments.join('.');
  if (isEntry(segments)) {
    const list = resolve(record, segments.slice(0, -1));
    const base = segments.slice(0, -1).join('.');
    if (!list.found || !Array.isArray(list.value)) {
      return { status: 'absorbed', detail: `the list ${base} is gone` };
    }
    const here = resolve(record, segments);
    if (here.found && same(spec, here.value, oldValue)) {
      return { status: 'applied' };
    }
    const moved = indexOfSame(spec, list.value, oldValue);
    if (moved >= 0) {
      return {
        status: 'applied',
        detail: `the entry moved: removed at ${base}.${moved}`,
        at: [...segments.slice(0, -1), moved],
      };
    }
    return {
      status: 'absorbed',
      detail: `${base} no longer has '${quote(oldValue)}'`,
    };
  }
  const here = resolve(record, segments);
  if (!here.found || here.value === null) {
    return { status: 'absorbed', detail: `${path} is empty by itself` };
  }
  if (same(spec, here.value, oldValue)) return { status: 'applied' };
  return {
    status: 'conflict',
    detail: `${path} now reads '${quote(here.value)}', not the value removed ('${quote(oldValue)}')`,
  };
}

/** Applies one correction (its status is `applied`) and moves provenance and marks along. */
function perform(
  record: Extraction,
  corrected: Record<string, CorrectedMark>,
  c: Correction,
  at: Segment[] | undefined
): void {
  const mark: CorrectedMark = { by: c.by, at: c.at, correctionId: c.id };
  const segments = at ?? fieldOf(c.path).segments;
  const path = segments.join('.');
  const provenance = record.provenance;
  if (c.op === 'add') {
    const list = resolve(record, segments);
    const entries = list.value as unknown[];
    const entryPath = `${path}.${entries.length}`;
    entries.push(structuredClone(c.value));
    if (c.span) provenance[entryPath] = c.span;
    corrected[entryPath] = mark;
    return;
  }
  if (c.op === 'remove' && isEntry(segments)) {
    const list = resolve(record, segments.slice(0, -1)).value as unknown[];
    const index = segments.at(-1) as number;
    list.splice(index, 1);
    const base = segments.slice(0, -1).join('.');
    shiftEntries(provenance, base, index);
    shiftEntries(corrected, base, index);
    corrected[base] = mark;
    return;
  }
  assign(record, segments, c.op === 'remove' ? null : structuredClone(c.value));
  dropUnder(provenance, path);
  dropUnder(corrected, path);
  if (c.op === 'set' && c.span) provenance[path] = c.span;
  corrected[path] = mark;
}

/** Deletes `path` and every key under it. */
function dropUnder(map: Record<string, unknown>, path: string): void {
  for (const key of Object.keys(map)) {
    if (key === path || key.startsWith(`${path}.`)) delete map[key];
  }
}

/**
 * After `list.index` was removed: its keys go, the keys of later entries
 * move up by one (`list.3.name` → `list.2.name`).
 */
function shiftEntries<V>(
  map: Record<string, V>,
  list: string,
  index: number
): void {
  const prefix = `${list}.`;
  const moved: [string, V][] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const m = /^(\d+)(.*)$/.exec(rest);
    if (!m) continue;
    const n = Number(m[1]);
    if (n < index) continue;
    delete map[key];
    if (n > index) moved.push([`${prefix}${n - 1}${m[2]}`, value]);
  }
  for (const [key, value] of moved) map[key] = value;
}

/** How many corrections have each status. */
export function countStatuses(
  corrections: readonly Pick<Correction, 'status'>[]
): Record<Correction['status'], number> {
  const counts = { applied: 0, absorbed: 0, conflict: 0 };
  for (const c of corrections) counts[c.status] += 1;
  return counts;
}

/**
 * The audit detail of a re-application: counts, and each absorbed or
 * conflicting correction with its path and reason (the reprocess output
 * and the review queue read the statuses from the record item).
 */
export function reapplyReport(corrections: readonly Correction[]): {
  applied: number;
  absorbed: { id: string; path: string; detail: string | null }[];
  conflicts: { id: string; path: string; detail: string | null }[];
} {
  const entry = (c: Correction) => ({
    id: c.id,
    path: c.path,
    detail: c.statusDetail ?? null,
  });
  return {
    applied: corrections.filter((c) => c.status === 'applied').length,
    absorbed: corrections.filter((c) => c.status === 'absorbed').map(entry),
    conflicts: corrections.filter((c) => c.status === 'conflict').map(entry),
  };
}
