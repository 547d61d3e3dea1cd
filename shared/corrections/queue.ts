/**
 * The review queue's rules: which flags put a record in the queue (data,
 * each with its reason), and when a record marked reviewed stays out of
 * it. A record is in the queue when its flags (from the record as shown,
 * corrections applied) are not all covered by its reviewed marker: marking
 * a record reviewed takes it out until a re-extraction or a correction
 * brings a flag it did not have.
 */
import type { DocumentRecord, WarningCode } from '#shared/schema/record.ts';
import type { Correction, Reviewed } from './correction.ts';

/** A correction that no longer fits the re-extracted record. */
export const CORRECTION_CONFLICT = 'correction-conflict';

/**
 * The warning codes that ask a person to look, and why. `truncated` is not
 * among them: the page stops where the capture stopped, a fact about the
 * page with nothing on it to check a reading against.
 */
export const QUEUE_WARNINGS: Readonly<Partial<Record<WarningCode, string>>> = {
  'unread-header-line':
    'a line that looks like header material was not read: its value may be missing',
  'unknown-page-kind':
    'the kind of document was not recognised: type and people may be wrong',
  'low-ocr-confidence':
    'OCR read the scan with low confidence: check the words',
  'low-confidence':
    'the layout was not recognised: every field is a best effort',
  'ambiguous-date':
    'a numeric date could be read day-first or month-first: check the dates',
  'distribution-copies-mismatch':
    'the distribution list does not add up to its stated copies',
  'time-order': 'the telegram times are out of order',
  'request-numbering-gap': 'the numbered requests skip or repeat a number',
};

/** Every flag of the queue, in the order counts are listed. */
export const QUEUE_FLAGS: readonly string[] = [
  ...Object.keys(QUEUE_WARNINGS),
  CORRECTION_CONFLICT,
];

/**
 * The review flags of a record as shown: its warnings that ask for a look,
 * and `correction-conflict` when a correction no longer fits. A failure
 * record has none (`archive failures` lists those).
 *
 * @param record the record with its corrections applied
 * @param corrections its corrections with their statuses
 */
export function reviewFlagsOf(
  record: Pick<DocumentRecord, 'status' | 'warnings'>,
  corrections: readonly Pick<Correction, 'status'>[]
): string[] {
  if (record.status !== 'ok') return [];
  const flags: string[] = record.warnings.filter((w) => w in QUEUE_WARNINGS);
  if (corrections.some((c) => c.status === 'conflict')) {
    flags.push(CORRECTION_CONFLICT);
  }
  return QUEUE_FLAGS.filter((f) => flags.includes(f));
}

/** Is a record with these flags waiting for review? */
export function isOpen(
  flags: readonly string[],
  reviewed: Reviewed | null | undefined
): boolean {
  if (flags.length === 0) return false;
  const covered = reviewed?.flags ?? [];
  return !reviewed || flags.some((f) => !covered.includes(f));
}

/**
 * The reviewed marker a record keeps after its flags changed: kept while
 * it covers every flag, dropped (the record re-enters the queue) when a
 * new one appears. The audit trail keeps the `reviewed` event either way.
 */
export function carryReviewed(
  flags: readonly string[],
  reviewed: Reviewed | null | undefined
): Reviewed | null {
  if (!reviewed) return null;
  const covered = reviewed.flags ?? [];
  return flags.every((f) => covered.includes(f)) ? reviewed : null;
}
