/**
 * Corrections as measurement: a corrected record in the gold format of
 * `../shared/corpus/RECORD.md` (the scored fields only, in its order), so
 * `archive eval` scores the current extractor against what people fixed.
 */
import {
  type DocumentRecord,
  SCORED_FIELDS,
  SCORED_WARNING_CODES,
} from '#shared/schema/record.ts';
import type { Correction } from './correction.ts';

/** A gold record: RECORD.md's scored fields. */
export type GoldRecord = Record<(typeof SCORED_FIELDS)[number], unknown>;

/**
 * The gold record of a record as shown (corrections applied): the scored
 * fields in RECORD.md's order; the letter without its body (not scored);
 * only the four warning codes RECORD.md scores.
 */
export function toGoldRecord(record: DocumentRecord): GoldRecord {
  const gold = {} as GoldRecord;
  for (const field of SCORED_FIELDS) {
    switch (field) {
      case 'letter':
        gold.letter = record.letter
          ? {
              salutation: record.letter.salutation,
              signedBy: record.letter.signedBy,
            }
          : null;
        break;
      case 'warnings':
        gold.warnings = record.warnings
          .filter((w) =>
            (SCORED_WARNING_CODES as readonly string[]).includes(w)
          )
          .sort();
        break;
      default:
        gold[field] = structuredClone(record[field]);
    }
  }
  return gold;
}

/**
 * Why a record cannot serve as gold (null when it can): it failed, nobody
 * corrected it, or a correction is in conflict (the record shown is then
 * not what the person meant).
 */
export function notGoldBecause(
  record: Pick<DocumentRecord, 'status'>,
  corrections: readonly Pick<Correction, 'status'>[],
  correctedOnly: boolean
): string | null {
  if (record.status !== 'ok') return 'a failure record has no fields';
  if (corrections.some((c) => c.status === 'conflict')) {
    return 'a correction is in conflict (see archive review)';
  }
  if (correctedOnly && corrections.length === 0) return 'not corrected';
  return null;
}
