/**
 * Review flags in words, and a record's review state: which of its
 * warnings put it in the review queue (the view's `reviewFlags`, by the
 * queue's rule in shared/corrections/queue.ts), whether a correction no
 * longer fits, and whether someone marked it reviewed with those flags.
 * Pure, so it is tested without a browser; the queue is built in
 * review-view.ts and the record's panel in review-panel.ts.
 */
import {
  CORRECTION_CONFLICT,
  isOpen,
  reviewFlagsOf,
} from '#shared/corrections/queue.ts';
import { WARNING_MESSAGES } from '#shared/query/warnings.ts';
import type { ReviewableView, ReviewedMark } from './api.ts';

/**
 * Short words for each flag of `GET /review`, for badges and counts.
 * Warning and review codes: shared/schema/record.ts (WARNING_CODES); the
 * long form is WARNING_MESSAGES. `correction-conflict`: a correction that
 * re-extraction left without a place (issue 13, docs/API.md).
 */
export const FLAG_LABELS: Record<string, string> = {
  // the scored checks of RECORD.md
  'distribution-copies-mismatch': 'copies do not add up',
  'time-order': 'times out of order',
  'request-numbering-gap': 'request numbers skip',
  truncated: 'text cut off',
  // the extractor's own doubts
  'low-confidence': 'layout not recognised',
  'low-ocr-confidence': 'low OCR confidence',
  'ambiguous-date': 'ambiguous date',
  // review lines (record.review)
  'unread-header-line': 'unread header line',
  'unknown-page-kind': 'page kind not recognised',
  // corrections that re-extraction could not apply
  'correction-conflict': 'correction no longer fits',
};

/** The long form of flags the warnings table does not have. */
const FLAG_MESSAGES: Record<string, string> = {
  'correction-conflict':
    'A correction no longer fits the record as re-extracted (the field moved, or the text at its span changed); it is kept, see Corrections.',
};

/** A flag in a few words; an unknown code with its dashes as spaces. */
export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? flag.replace(/-/g, ' ');
}

/** A flag in a sentence (for tooltips and the record's review panel). */
export function flagMessage(flag: string): string {
  return (
    FLAG_MESSAGES[flag] ??
    (WARNING_MESSAGES as Record<string, string>)[flag] ??
    flagLabel(flag)
  );
}

/** One warning or flag of a record, with the record's own words for it. */
export interface RecordFlag {
  code: string;
  label: string;
  message: string;
  /** Does it put the record in the review queue? (`truncated` does not.) */
  queued: boolean;
}

/**
 * What a record view warns about: its warnings (with the view's
 * record-specific messages; review codes are warnings too) and
 * `correction-conflict` when a correction is in conflict, each saying
 * whether it puts the record in the review queue.
 */
/** The view's review flags (worked out by the queue's rule when it has none). */
function reviewFlags(view: ReviewableView): string[] {
  return view.reviewFlags ?? reviewFlagsOf(view.record, view.corrections ?? []);
}

export function recordFlags(view: ReviewableView): RecordFlag[] {
  const queued = reviewFlags(view);
  const flags: RecordFlag[] = view.warnings.map((w) => ({
    code: w.code,
    label: flagLabel(w.code),
    message: w.message,
    queued: queued.includes(w.code),
  }));
  const conflicts = (view.corrections ?? []).filter(
    (c) => c.status === 'conflict'
  ).length;
  if (conflicts > 0) {
    flags.push({
      code: CORRECTION_CONFLICT,
      queued: queued.includes(CORRECTION_CONFLICT),
      label: flagLabel(CORRECTION_CONFLICT),
      message:
        conflicts === 1
          ? flagMessage('correction-conflict')
          : `${conflicts} corrections no longer fit the record as re-extracted; they are kept, see Corrections.`,
    });
  }
  return flags;
}

/** Where a record stands: nothing to review, waiting, or reviewed. */
export type ReviewState =
  | { state: 'clear'; flags: RecordFlag[] }
  | { state: 'needed'; flags: RecordFlag[]; earlier: ReviewedMark | null }
  | { state: 'reviewed'; flags: RecordFlag[]; reviewed: ReviewedMark };

/**
 * A record needs review when one of its review flags (a warning that asks
 * for a look, a correction in conflict) is not covered by its reviewed
 * marker: marking it reviewed covers the flags it had then; a new one
 * opens it again (the queue's rule, `isOpen`). `flags` lists every
 * warning, queued or not.
 */
export function reviewState(view: ReviewableView): ReviewState {
  const flags = recordFlags(view);
  const reviewed = view.reviewed ?? null;
  if (isOpen(reviewFlags(view), reviewed)) {
    return { state: 'needed', flags, earlier: reviewed };
  }
  return reviewed
    ? { state: 'reviewed', flags, reviewed }
    : { state: 'clear', flags };
}

/**
 * The queue's count in a sentence: `3 records need review, oldest first.`,
 * or with a flag `1 record is flagged "text cut off", oldest first.`
 */
export function queueSentence(total: number, flag: string | null = null) {
  const n = total.toLocaleString('en-US');
  if (flag) {
    const label = flagLabel(flag);
    if (total === 0) return `No record is flagged "${label}".`;
    return total === 1
      ? `1 record is flagged "${label}".`
      : `${n} records are flagged "${label}", oldest first.`;
  }
  if (total === 0) return 'Nothing needs review.';
  return total === 1
    ? '1 record needs review.'
    : `${n} records need review, oldest first.`;
}

/** The counts by flag, largest first, then by label. */
export function flagCounts(
  counts: Record<string, number>
): { flag: string; label: string; count: number }[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([flag, count]) => ({ flag, label: flagLabel(flag), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
