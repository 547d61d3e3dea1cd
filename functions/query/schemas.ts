/**
 * The query API's contract: path parameters it accepts and the JSON it
 * returns, as zod/mini schemas. The handler validates with them and
 * scripts/openapi.ts turns them into docs/openapi.json, so the published
 * description is the code's, not a copy of it. Query-string filters are
 * `QueryFiltersSchema` from the query service (the CLI accepts the same).
 */
import * as z from 'zod/mini';
import {
  CorrectedMarkSchema,
  CorrectionSchema,
  ReviewedSchema,
} from '#shared/corrections/index.ts';
import { describeWarning, type RecordView } from '#shared/query/index.ts';
import {
  type DocumentRecord,
  DocumentRecordSchema,
  DocumentTypeSchema,
  SpanSchema,
} from '#shared/schema/record.ts';

/**
 * A record id (`documentIdFor`: a slug of the key and a short hash). The
 * bound keeps junk out of store keys and log lines.
 */
export const RecordIdSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/,
      'must be a record id (letters, digits, ".", "_" or "-", at most 200)'
    )
  );

export const WarningSchema = z.object({
  code: z.string(),
  message: z.string(),
});

/**
 * Decoded text around a full-text match: `text` as shown (`…` where cut)
 * and `marks`, [start, end) offsets in `text` of the matched words.
 */
export const SnippetSchema = z.object({
  text: z.string(),
  marks: z.array(z.tuple([z.number(), z.number()])),
});

/** One search hit: what a result list shows, not the whole record. */
export const RecordSummarySchema = z.object({
  id: z.string(),
  status: z.enum(['ok', 'failed']),
  date: z.nullable(z.string()),
  documentType: DocumentTypeSchema,
  title: z.nullable(z.string()),
  authors: z.array(z.string()),
  recipients: z.array(z.string()),
  via: z.array(z.string()),
  telegramNumber: z.nullable(z.string()),
  summary: z.nullable(z.string()),
  warnings: z.array(WarningSchema),
  sourceKey: z.nullable(z.string()),
  /** With `text`: where the words occur in the decoded text. */
  snippet: z.optional(SnippetSchema),
});
export type RecordSummary = z.infer<typeof RecordSummarySchema>;

/** A facet value and how many records of the whole match have it. */
export const FacetCountSchema = z.object({
  /** A document type; a year (`YYYY`) or `undated`. */
  value: z.string(),
  count: z.number(),
});

/** A person facet: one person (spellings merged) and their record count. */
export const PersonFacetSchema = z.object({
  /** The person's key (surname first, spellings folded). */
  key: z.string(),
  /** The name to show, and to pass back as `person`. */
  name: z.string(),
  count: z.number(),
});

/**
 * Counts over the whole match, not only the page, computed from the
 * indexes. `complete` is false when the match was larger than the facet
 * limit: the counts then cover the first `total` records, newest first.
 */
export const FacetsSchema = z.object({
  total: z.number(),
  complete: z.boolean(),
  /** By count, largest first. */
  types: z.array(FacetCountSchema),
  /** Newest year first; undated last. */
  years: z.array(FacetCountSchema),
  /** The most frequent people (at most 50), largest first. */
  people: z.array(PersonFacetSchema),
});
export type Facets = z.infer<typeof FacetsSchema>;

export const SearchResponseSchema = z.object({
  items: z.array(RecordSummarySchema),
  /** Pass back as `cursor` with the same filters; null on the last page. */
  cursor: z.nullable(z.string()),
  /** On the first page (no `cursor`) unless `facets=false`. */
  facets: z.optional(FacetsSchema),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** One person of the archive, spellings merged (`GET /people`). */
export const PersonSummarySchema = z.object({
  key: z.string(),
  /** The name to show, and to pass back as `person` to list the records. */
  name: z.string(),
  /** Every spelling the records write, most frequent first. */
  variants: z.array(z.string()),
  /** Records naming the person (in any role). */
  records: z.number(),
  /** Records by role (author, recipient, via, participant, signatory, distribution). */
  roles: z.record(z.string(), z.number()),
  /** Years of the dated records naming the person, oldest first. */
  years: z.array(z.string()),
});
export type PersonSummary = z.infer<typeof PersonSummarySchema>;

export const PeopleResponseSchema = z.object({
  items: z.array(PersonSummarySchema),
  /** Pass back as `cursor` with the same `prefix`; null on the last page. */
  cursor: z.nullable(z.string()),
});
export type PeopleResponse = z.infer<typeof PeopleResponseSchema>;

export const AuditEventSchema = z.object({
  type: z.string(),
  at: z.string(),
  agent: z.string(),
  parserVersion: z.string(),
  outcome: z.enum(['ok', 'failed', 'skipped']),
  detail: z.record(z.string(), z.unknown()),
});

/** A line the record asks a person to check (a review flag in words). */
export const ReviewItemSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** The line as the page has it (white space folded). */
  text: z.string(),
  span: SpanSchema,
  /** Its key in `record.provenance` (`review.0.text`). */
  path: z.string(),
});

export const RecordViewSchema = z.object({
  /** The stored record; `record.provenance` maps field paths to spans. */
  record: DocumentRecordSchema,
  warnings: z.array(WarningSchema),
  review: z.array(ReviewItemSchema),
  source: z.object({
    bucket: z.nullable(z.string()),
    key: z.nullable(z.string()),
    uri: z.nullable(z.string()),
    link: z.nullable(z.string()),
  }),
  auditTrail: z.array(AuditEventSchema),
  /** Every correction, in order, with its status (docs/REVIEW.md). */
  corrections: z.array(CorrectionSchema),
  /** Field paths a correction set (`record` shows them corrected), and by which. */
  corrected: z.record(z.string(), CorrectedMarkSchema),
  /** Who marked the record reviewed (null: not reviewed). */
  reviewed: z.nullable(ReviewedSchema),
  /** The record's review flags; it waits for review while one is not covered by `reviewed`. */
  reviewFlags: z.array(z.string()),
});
export type RecordViewResponse = z.infer<typeof RecordViewSchema>;

/** A record waiting for review, as the queue lists it. */
export const ReviewQueueEntrySchema = z.object({
  id: z.string(),
  title: z.nullable(z.string()),
  date: z.nullable(z.string()),
  documentType: z.string(),
  /** Review codes, warning codes and `correction-conflict`. */
  flags: z.array(z.string()),
  /** When the record was last processed (the queue's order). */
  processedAt: z.string(),
});

export const ReviewQueueResponseSchema = z.object({
  /** Oldest first. */
  items: z.array(ReviewQueueEntrySchema),
  /** Records waiting, by flag, over the whole queue. */
  counts: z.record(z.string(), z.number()),
  /** Records waiting. */
  total: z.number(),
  /** Pass back as `cursor`; null on the last page. */
  cursor: z.nullable(z.string()),
});
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponseSchema>;

export const CorrectionResponseSchema = z.object({
  /** The correction as stored, with its status. */
  correction: CorrectionSchema,
  /** The record view after it. */
  view: RecordViewSchema,
});
export type CorrectionResponse = {
  correction: z.infer<typeof CorrectionSchema>;
  view: RecordView;
};

export const ReviewedResponseSchema = z.object({ reviewed: ReviewedSchema });
export type ReviewedResponse = z.infer<typeof ReviewedResponseSchema>;

export const SourceLinkSchema = z.object({
  id: z.string(),
  /**
   * A presigned S3 GET in AWS (valid for minutes: ask again when needed);
   * the local S3 server's URL in the embedded runtime.
   */
  url: z.string(),
});
export type SourceLink = z.infer<typeof SourceLinkSchema>;

export const ErrorResponseSchema = z.object({
  message: z.string(),
  /** The query or path parameter at fault (400 only). */
  parameter: z.optional(z.string()),
  requestId: z.optional(z.string()),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** The summary of a record for result lists. */
export function toSummary(record: DocumentRecord): RecordSummary {
  return {
    id: record.id,
    status: record.status,
    date: record.date,
    documentType: record.documentType,
    title: record.title,
    authors: record.authors,
    recipients: record.recipients,
    via: record.via,
    telegramNumber: record.telegram?.number ?? null,
    summary: record.summary,
    warnings: record.warnings.map((code) => ({
      code,
      message: describeWarning(code),
    })),
    sourceKey: record.source.key ?? record.source.path ?? null,
  };
}
