/**
 * The record contract: what extraction yields, what the store keeps, what the
 * API and the CLI print. Scored fields follow `../shared/corpus/RECORD.md`;
 * the record carries more (ids, source link, provenance, status, rights...).
 *
 * Written with `zod/mini` so Lambda bundles stay small (see docs/DECISIONS.md).
 */
import * as z from 'zod/mini';

/** Half-open character offsets `[start, end)` into the decoded text. */
export const SpanSchema = z.object({
  start: z.int().check(z.minimum(0)),
  end: z.int().check(z.minimum(0)),
});
export type Span = z.infer<typeof SpanSchema>;

export const DOCUMENT_TYPES = [
  'telegram',
  'letter',
  'conversation',
  'report',
  'minutes',
  'diary',
  'memorandum',
  'speech',
  'other',
] as const;
export const DocumentTypeSchema = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentTypeSchema>;

/**
 * Review flags: what the extractor saw but did not understand. Each is also
 * a warning code (so listings and filters see it); `review` names the line.
 * `unread-header-line`: a line that looks like header material (copies,
 * distribution, cipher number, sent/received, a numbered entry, a lone
 * signature) that no reader consumed. `unknown-page-kind`: the page's kind
 * was not recognised (type `other`, no telegram or letter structure).
 */
export const REVIEW_CODES = [
  'unread-header-line',
  'unknown-page-kind',
] as const;
export const ReviewCodeSchema = z.enum(REVIEW_CODES);
export type ReviewCode = z.infer<typeof ReviewCodeSchema>;

/** The warning codes RECORD.md scores; scoring ignores every other code. */
export const SCORED_WARNING_CODES = [
  'distribution-copies-mismatch',
  'time-order',
  'request-numbering-gap',
  'truncated',
] as const;

/** Codes of the deterministic checks; a failing check is a warning, never an error. */
export const WARNING_CODES = [
  ...SCORED_WARNING_CODES,
  'low-confidence',
  'low-ocr-confidence',
  // a day/month order the page did not settle (frameless `10-07-1977`)
  'ambiguous-date',
  ...REVIEW_CODES,
] as const;
export const WarningCodeSchema = z.enum(WARNING_CODES);
export type WarningCode = z.infer<typeof WarningCodeSchema>;

/** One review flag: its code, the line's text (folded) and its span. */
export const ReviewFlagSchema = z.object({
  code: ReviewCodeSchema,
  text: z.string(),
  span: SpanSchema,
});
export type ReviewFlag = z.infer<typeof ReviewFlagSchema>;

export const QuantitySchema = z.object({
  min: z.number(),
  max: z.number(),
  unit: z.string(),
});
export type Quantity = z.infer<typeof QuantitySchema>;

export const RequestSchema = z.object({
  number: z.int(),
  text: z.string(),
  quantities: z.array(QuantitySchema),
});
export type Request = z.infer<typeof RequestSchema>;

export const DistributionSchema = z.object({
  copies: z.nullable(z.int()),
  recipients: z.array(z.object({ name: z.string(), copies: z.int() })),
});
export type Distribution = z.infer<typeof DistributionSchema>;

/** `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD` (local time as written on the page). */
const LocalDateTime = z.nullable(
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/))
);

export const TelegramSchema = z.object({
  number: z.nullable(z.string()),
  origin: z.nullable(z.string()),
  sentAt: LocalDateTime,
  receivedAt: LocalDateTime,
  arrivedAt: LocalDateTime,
  decipheredAt: LocalDateTime,
  decipheredBy: z.nullable(z.string()),
  distribution: z.nullable(DistributionSchema),
  outgoingNumber: z.nullable(z.string()),
  typedBy: z.nullable(z.string()),
});
export type Telegram = z.infer<typeof TelegramSchema>;

export const LetterSchema = z.object({
  salutation: z.nullable(z.string()),
  signedBy: z.nullable(z.string()),
  /** The letter's text between salutation and signature (not scored). */
  body: z.nullable(z.string()),
});
export type Letter = z.infer<typeof LetterSchema>;

export const CitationSchema = z.object({
  archive: z.string(),
  fond: z.nullable(z.string()),
  opis: z.nullable(z.string()),
  delo: z.nullable(z.string()),
  papka: z.nullable(z.string()),
  listy: z.nullable(z.string()),
});
export type Citation = z.infer<typeof CitationSchema>;

/** A code name the page itself identifies: `Feng Xi [Stalin]`. */
export const IdentificationSchema = z.object({
  alias: z.string(),
  name: z.string(),
});
export type Identification = z.infer<typeof IdentificationSchema>;

/**
 * Provenance: for every extracted value, where it was read. Keys are paths
 * into the record (`title`, `authors.0`, `telegram.sentAt`,
 * `requests.1.quantities.0`), values are spans into the decoded text.
 */
export const ProvenanceSchema = z.record(z.string(), SpanSchema);
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const PartialDate = z.string().check(z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/));

/** What the extractor returns for a text: pure, deterministic. */
export const ExtractionSchema = z.object({
  title: z.nullable(z.string()),
  date: z.nullable(PartialDate),
  documentType: DocumentTypeSchema,
  authors: z.array(z.string()),
  recipients: z.array(z.string()),
  via: z.array(z.string()),
  participants: z.array(z.string()),
  signatories: z.array(z.string()),
  telegram: z.nullable(TelegramSchema),
  letter: z.nullable(LetterSchema),
  requests: z.array(RequestSchema),
  summary: z.nullable(z.string()),
  sources: z.array(CitationSchema),
  warnings: z.array(WarningCodeSchema),
  /**
   * Lines to check by hand, in page order (also in `provenance` as
   * `review.N.text`); their codes are in `warnings` too.
   */
  review: z.array(ReviewFlagSchema),
  /** Endorsements added by a relaying official: `I support KIM IL SUNG'S request.` */
  endorsements: z.array(z.string()),
  identifications: z.array(IdentificationSchema),
  rights: z.nullable(z.string()),
  /** The online archive's own record id, where the page shows it. */
  archiveRecordId: z.nullable(z.string()),
  uploadedDate: z.nullable(z.string()),
  provenance: ProvenanceSchema,
});
export type Extraction = z.infer<typeof ExtractionSchema>;

/** The scored fields of RECORD.md, in its order. */
export const SCORED_FIELDS = [
  'title',
  'date',
  'documentType',
  'authors',
  'recipients',
  'via',
  'participants',
  'signatories',
  'telegram',
  'letter',
  'requests',
  'summary',
  'sources',
  'warnings',
] as const;

export const SourceRefSchema = z.object({
  /** Local file path (CLI `extract`), or absent for S3 objects. */
  path: z.optional(z.string()),
  bucket: z.optional(z.string()),
  key: z.optional(z.string()),
  versionId: z.optional(z.nullable(z.string())),
  etag: z.optional(z.nullable(z.string())),
  uri: z.optional(z.string()),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  size: z.int().check(z.minimum(0)),
  contentType: z.nullable(z.string()),
  /** Set when ObjectRemoved was seen for this version; the record stays. */
  deleted: z.optional(z.boolean()),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

export const FAILURE_REASONS = [
  'empty',
  'too-large',
  'unsupported-format',
  'needs-ocr',
  'decode-error',
  'extract-error',
  'validation-error',
  'not-found',
] as const;
export const FailureReasonSchema = z.enum(FAILURE_REASONS);
export type FailureReason = z.infer<typeof FailureReasonSchema>;

export const OcrInfoSchema = z.object({
  engine: z.string(),
  version: z.string(),
  meanConfidence: z.number(),
  pages: z.int(),
});

/** Where the decoded text lives and how it was obtained. */
export const TextRefSchema = z.object({
  /** Bounded excerpt kept in the item (the full text is at `uri`). */
  excerpt: z.string(),
  length: z.int(),
  uri: z.nullable(z.string()),
  format: z.string(),
  encoding: z.nullable(z.string()),
});

/**
 * A stored record: the extraction plus identity, source link and status.
 * A failure record uses the same shape with `status: 'failed'`, a `failure`
 * and empty extraction fields, so listings show it.
 */
export const DocumentRecordSchema = z.extend(ExtractionSchema, {
  id: z.string(),
  status: z.enum(['ok', 'failed']),
  parserVersion: z.string(),
  source: SourceRefSchema,
  text: z.nullable(TextRefSchema),
  processedAt: z.string(),
  duplicateOf: z.nullable(z.string()),
  failure: z.nullable(
    z.object({
      reason: FailureReasonSchema,
      message: z.string(),
      attempts: z.int(),
    })
  ),
  ocr: z.nullable(OcrInfoSchema),
});
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;
