/**
 * The correction contract (issue 13): what a person asks to change in a
 * record, what is stored beside the extraction, and the per-field marks
 * and reviewed marker the record view carries. Shared by the domain
 * (apply, validate), the store, the query API (request and response
 * schemas) and the web page. `zod/mini`, like shared/schema/record.ts.
 */
import * as z from 'zod/mini';
import { SpanSchema } from '#shared/schema/record.ts';

/** `set` a value, `add` an entry to a list, `remove` a list entry (or empty a nullable field). */
export const CORRECTION_OPS = ['set', 'add', 'remove'] as const;
export type CorrectionOp = (typeof CORRECTION_OPS)[number];

/**
 * `applied`: in effect on the record shown. `absorbed`: the extraction now
 * produces the value by itself (the correction is kept, nothing to apply).
 * `conflict`: it no longer fits the extraction (the path is gone, the field
 * now reads something else, or the span no longer reads as the value): it
 * is kept, not applied, and the record is flagged for review.
 */
export const CORRECTION_STATUSES = ['applied', 'absorbed', 'conflict'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/** Bounds of what one correction may carry (the record item stays < 400 KB). */
export const CORRECTION_LIMITS = {
  /** Characters of a path (`telegram.distribution.recipients.12.copies`). */
  path: 200,
  /** Characters of a note. */
  note: 2000,
  /** Bytes of the value as JSON. */
  valueBytes: 16 * 1024,
  /** Corrections one record may carry. */
  perRecord: 200,
  /** Bytes of all of a record's corrections as JSON. */
  totalBytes: 96 * 1024,
  /** Bytes of a request body to the corrections route. */
  bodyBytes: 32 * 1024,
} as const;

/** A client-chosen correction id (for safe retries): letters, digits, `.`, `_`, `-`. */
export const CorrectionIdSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{7,79}$/,
      'must be 8-80 letters, digits, ".", "_" or "-"'
    )
  );

/** One stored correction (see docs/REVIEW.md). */
export const CorrectionSchema = z.object({
  /** Unique and time-sortable: `<at>-<random>` (or the client's id). */
  id: z.string(),
  op: z.enum(CORRECTION_OPS),
  /**
   * A record path in the form of `record.provenance` keys (`date`,
   * `authors.1`, `telegram.distribution.recipients.2.copies`); for `add`
   * the list's path (`authors`, `requests.0.quantities`).
   */
  path: z.string(),
  /** The new value (set, add); null for remove. */
  value: z.unknown(),
  /** What `path` read in the record shown when the correction was made (null for add). */
  oldValue: z.unknown(),
  /** Where the value stands in the decoded text; null when typed. */
  span: z.nullable(SpanSchema),
  note: z.nullable(z.string()),
  /** The AWS principal ARN on AWS; the OS user name locally. */
  by: z.string(),
  /** ISO time the correction was made. */
  at: z.string(),
  status: z.enum(CORRECTION_STATUSES),
  /** Why absorbed or in conflict (or where a moved list entry was found), in words. */
  statusDetail: z.optional(z.string()),
});
export type Correction = z.infer<typeof CorrectionSchema>;

/**
 * What a client sends to make a correction (`POST /records/{id}/corrections`,
 * `archive correct`). Unknown members are refused.
 */
export const CorrectionInputSchema = z.strictObject({
  op: z.enum(CORRECTION_OPS),
  path: z.string().check(z.minLength(1), z.maxLength(CORRECTION_LIMITS.path)),
  /** Required for set and add (null empties a nullable field); absent for remove. */
  value: z.optional(z.unknown()),
  span: z.optional(z.nullable(SpanSchema)),
  note: z.optional(
    z.nullable(z.string().check(z.maxLength(CORRECTION_LIMITS.note)))
  ),
  /** Optional id chosen by the client: a retry with the same id changes nothing. */
  id: z.optional(CorrectionIdSchema),
});
export type CorrectionInput = z.infer<typeof CorrectionInputSchema>;

/** A field the record shows corrected, and by which correction. */
export const CorrectedMarkSchema = z.object({
  by: z.string(),
  at: z.string(),
  correctionId: z.string(),
});
export type CorrectedMark = z.infer<typeof CorrectedMarkSchema>;

/** The reviewed marker: who checked the record, when, and the flags it had then. */
export const ReviewedSchema = z.object({
  by: z.string(),
  at: z.string(),
  note: z.nullable(z.string()),
  /** The review flags the record carried when it was marked (a new one re-opens it). */
  flags: z.optional(z.array(z.string())),
});
export type Reviewed = z.infer<typeof ReviewedSchema>;

/** What a client sends to mark a record reviewed (`POST /records/{id}/reviewed`). */
export const ReviewedInputSchema = z.strictObject({
  note: z.optional(
    z.nullable(z.string().check(z.maxLength(CORRECTION_LIMITS.note)))
  ),
});
export type ReviewedInput = z.infer<typeof ReviewedInputSchema>;
