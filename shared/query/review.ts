/**
 * Use cases of review and correction (issue 13), part of the query
 * service: the record view's review state, the review queue, making a
 * correction and marking a record reviewed. Domain code: the store comes
 * in as a port (`ReviewStore`), the rules are shared/corrections'.
 *
 * Making a correction, primary course:
 * 1. read the record's review state (extraction, corrections, revision);
 * 2. read its decoded text (spans are checked against it);
 * 3. check the request against the record as shown (`makeCorrection`);
 * 4. apply all corrections again (statuses now), save them with the
 *    `corrected` audit event, conditional on the revision read;
 * 5. a lost race (a re-extraction or another correction in between):
 *    read again and check again, a few times, else a transient error.
 */
import { randomBytes } from 'node:crypto';
import {
  applyCorrections,
  CORRECTION_LIMITS,
  type CorrectedMark,
  type Correction,
  makeCorrection,
  newCorrectionId,
  parseCorrectionInput,
  type Reviewed,
  ReviewedInputSchema,
  reviewFlagsOf,
  showCorrected,
} from '#shared/corrections/index.ts';
import {
  NotFoundError,
  TransientError,
  ValidationError,
} from '#shared/errors/index.ts';
import { readRecordText } from '#shared/pipeline/derived-text.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { decodeQueryCursor, encodeQueryCursor } from './cursor.ts';
import type {
  RecordLinks,
  RecordReader,
  RecordReview,
  ReviewChange,
  ReviewQueuePage,
  ReviewStore,
} from './ports.ts';

/** The review state a record view carries. */
export interface ReviewState {
  /** The record as shown: the extraction with its corrections applied. */
  record: DocumentRecord;
  /** Every correction, in order, with its status. */
  corrections: Correction[];
  /** Field paths the corrections set, and by which. */
  corrected: Record<string, CorrectedMark>;
  reviewed: Reviewed | null;
  /** The record's review flags (docs/REVIEW.md); empty when none. */
  reviewFlags: string[];
}

/** Review-queue page size bounds (`GET /review`, `archive review`). */
export const REVIEW_QUEUE_LIMITS = { default: 50, max: 200 } as const;

/** Attempts at a change when the record keeps changing under it. */
const SAVE_ATTEMPTS = 4;

/** Does this store keep review state (a read-only fake may not)? */
export function isReviewStore(
  store: RecordReader
): store is RecordReader & ReviewStore {
  const s = store as Partial<ReviewStore>;
  return (
    typeof s.getRecordReview === 'function' &&
    typeof s.saveReview === 'function' &&
    typeof s.reviewQueue === 'function'
  );
}

export interface ReviewUseCasesOptions extends RecordLinks {
  /** Signs queue cursors (the query service's key). */
  secret: string;
  clock?: () => Date;
}

/**
 * The review use cases over a store.
 *
 * @param store the record reader (review methods used when it has them)
 * @param options cursor key, text reader, clock
 */
export function createReviewUseCases(
  store: RecordReader,
  options: ReviewUseCasesOptions
) {
  const clock = options.clock ?? (() => new Date());
  const reviews = isReviewStore(store) ? store : null;

  const writable = (): RecordReader & ReviewStore => {
    if (!reviews) {
      throw new Error('this store keeps no review state (corrections)');
    }
    return reviews;
  };

  const readReview = async (id: string): Promise<RecordReview> => {
    const review = await writable().getRecordReview(id);
    if (!review) throw new NotFoundError(`No record with id "${id}"`);
    if (review.extraction.status !== 'ok') {
      const why = review.extraction.failure?.reason ?? 'failed';
      throw new ValidationError(
        `id: record "${id}" is a failure record (${why}): it has no fields to correct or review; fix the source and reprocess it`
      );
    }
    return review;
  };

  /** The full decoded text, or null when it cannot be read. */
  const textOf = async (record: DocumentRecord): Promise<string | null> => {
    const ref = record.text;
    if (!ref) return null;
    if (ref.uri && options.readText) {
      return readRecordText(record, options.readText);
    }
    return ref.excerpt.length >= ref.length ? ref.excerpt : null;
  };

  /** Saves a change, reading and deciding again when the record changed. */
  const save = async <T>(
    id: string,
    decide: (review: RecordReview) => Promise<{
      /** Null: nothing to save (a retried request that was saved). */
      change: Omit<ReviewChange, 'revision'> | null;
      result: T;
    }>
  ): Promise<T> => {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
      const review = await readReview(id);
      const { change, result } = await decide(review);
      if (!change) return result;
      const saved = await writable().saveReview(id, {
        ...change,
        revision: review.revision,
      });
      if (saved) return result;
    }
    throw new TransientError(
      `record ${id} kept changing while the change was saved; try again`
    );
  };

  const event = (
    type: string,
    at: string,
    by: string,
    record: DocumentRecord,
    detail: Record<string, unknown>
  ): AuditEvent => ({
    type,
    at,
    agent: by,
    parserVersion: record.parserVersion,
    outcome: 'ok',
    detail,
  });

  return {
    /** The review state of a record view (nothing corrected without a review store). */
    async reviewState(id: string): Promise<ReviewState | null> {
      if (!reviews) {
        const record = await store.getRecord(id);
        return record
          ? {
              record,
              corrections: [],
              corrected: {},
              reviewed: null,
              reviewFlags: reviewFlagsOf(record, []),
            }
          : null;
      }
      const review = await reviews.getRecordReview(id);
      if (!review) return null;
      const shown = showCorrected(review.extraction, review.corrections);
      return {
        record: shown.record,
        corrections: shown.corrections,
        corrected: shown.corrected,
        reviewed: review.reviewed,
        reviewFlags: reviewFlagsOf(shown.record, shown.corrections),
      };
    },

    /** The records waiting for review, oldest first, with counts by flag. */
    async reviewQueue(
      queueOptions: { limit?: number; cursor?: string | null } = {}
    ): Promise<ReviewQueuePage> {
      const limit = queueOptions.limit ?? REVIEW_QUEUE_LIMITS.default;
      if (
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > REVIEW_QUEUE_LIMITS.max
      ) {
        throw new ValidationError(
          `limit: must be an integer from 1 to ${REVIEW_QUEUE_LIMITS.max}`
        );
      }
      // the store's cursor travels inside a signed one
      const binding = ['review-queue'];
      const inner = queueOptions.cursor
        ? decodeQueryCursor(options.secret, binding, queueOptions.cursor).c
        : null;
      if (queueOptions.cursor && typeof inner !== 'string') {
        throw new ValidationError('cursor: not a cursor of this service');
      }
      const page = await writable().reviewQueue({
        limit,
        cursor: inner as string | null,
      });
      return {
        ...page,
        cursor: page.cursor
          ? encodeQueryCursor(options.secret, binding, { c: page.cursor })
          : null,
      };
    },

    /**
     * Makes a correction (docs/REVIEW.md) and returns it with its status.
     *
     * @param id the record
     * @param input `{ op, path, value?, span?, note?, id? }`
     * @param by who: an AWS principal ARN, or the OS user locally
     * @throws ValidationError naming the part at fault; NotFoundError
     */
    async correct(
      id: string,
      input: unknown,
      by: string
    ): Promise<{ correction: Correction; created: boolean }> {
      const req = parseCorrectionInput(input);
      const at = clock().toISOString();
      const newId =
        req.id ?? newCorrectionId(at, randomBytes(4).toString('hex'));
      return save<{ correction: Correction; created: boolean }>(
        id,
        async (review) => {
          // a retry of a request that was saved: the same correction
          const done = review.corrections.find((c) => c.id === newId);
          if (done) {
            return {
              change: null,
              result: { correction: done, created: false },
            };
          }
          if (review.corrections.length >= CORRECTION_LIMITS.perRecord) {
            throw new ValidationError(
              `id: record "${id}" has ${review.corrections.length} corrections, the most one record keeps`
            );
          }
          const text = await textOf(review.extraction);
          const shown = showCorrected(review.extraction, review.corrections);
          const correction = makeCorrection(req, {
            view: shown.record,
            text,
            by,
            at,
            id: newId,
          });
          const all = applyCorrections(
            review.extraction,
            [...review.corrections, correction],
            text === null ? {} : { text }
          ).corrections;
          const bytes = Buffer.byteLength(JSON.stringify(all));
          if (bytes > CORRECTION_LIMITS.totalBytes) {
            throw new ValidationError(
              `value: the record's corrections would take ${bytes} bytes, over the limit of ${CORRECTION_LIMITS.totalBytes}`
            );
          }
          const made = all.at(-1) ?? correction;
          return {
            change: {
              corrections: all,
              reviewed: review.reviewed,
              event: event('corrected', at, by, review.extraction, {
                correction: made,
              }),
              eventTime: at,
              eventId: made.id,
            },
            result: { correction: made, created: true },
          };
        }
      );
    },

    /**
     * Marks a record reviewed: it leaves the queue until a flag it did
     * not have appears (a re-extraction, a correction).
     *
     * @param id the record
     * @param input `{ note? }`
     * @param by who
     */
    async markReviewed(
      id: string,
      input: unknown,
      by: string
    ): Promise<{ reviewed: Reviewed }> {
      const parsed = ReviewedInputSchema.safeParse(input ?? {});
      if (!parsed.success) {
        throw new ValidationError(
          parsed.error.issues[0]?.code === 'unrecognized_keys'
            ? 'body: a reviewed marker takes only { note }'
            : `note: must be a string of at most ${CORRECTION_LIMITS.note} characters (or null)`,
          parsed.error.issues
        );
      }
      const note = parsed.data.note?.trim() ? parsed.data.note.trim() : null;
      const at = clock().toISOString();
      return save(id, async (review) => {
        const shown = showCorrected(review.extraction, review.corrections);
        const reviewed: Reviewed = {
          by,
          at,
          note,
          flags: reviewFlagsOf(shown.record, shown.corrections),
        };
        return {
          change: {
            corrections: review.corrections,
            reviewed,
            event: event('reviewed', at, by, review.extraction, {
              note,
              flags: reviewed.flags,
            }),
            eventTime: at,
            eventId: `reviewed-${randomBytes(4).toString('hex')}`,
          },
          result: { reviewed },
        };
      });
    },
  };
}
