/**
 * Schemas of the messages the ingest queue carries, written with zod/mini
 * (the Powertools parser schemas pull in full zod: ~400 KB more bundle).
 * Shapes follow Powertools' `S3Schema`, `S3EventNotificationEventBridgeSchema`
 * and the S3 test event, keeping only the fields the pipeline reads and
 * accepting the rest.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 */
import * as z from 'zod/mini';

const S3ObjectSchema = z.object({
  /** URL-encoded (`+` for space): decode with `decodeS3Key`. */
  key: z.string().check(z.minLength(1)),
  size: z.optional(z.number()),
  eTag: z.optional(z.string()),
  versionId: z.optional(z.string()),
  /** Present on PUT and DELETE events: orders events for one key. */
  sequencer: z.optional(z.string()),
});

export const S3EventRecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventTime: z.string(),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: S3ObjectSchema,
  }),
});
export type S3EventRecord = z.infer<typeof S3EventRecordSchema>;

export const S3EventSchema = z.object({
  Records: z.array(S3EventRecordSchema).check(z.minLength(1)),
});

/** What S3 sends once when a notification configuration is saved. */
export const S3TestEventSchema = z.object({
  Service: z.literal('Amazon S3'),
  Event: z.literal('s3:TestEvent'),
  Bucket: z.optional(z.string()),
});

/** S3 → EventBridge → SQS (`detail-type` Object Created / Object Deleted). */
export const S3EventBridgeSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.optional(z.number()),
      etag: z.optional(z.string()),
      'version-id': z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
    reason: z.optional(z.string()),
    'deletion-type': z.optional(z.string()),
  }),
});
export type S3EventBridgeEvent = z.infer<typeof S3EventBridgeSchema>;

/**
 * Re-run extraction for a stored source (`archive reprocess`, `redrive`).
 * The key is plain, not URL-encoded.
 */
export const ReprocessMessageSchema = z.object({
  type: z.literal('reprocess'),
  bucket: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  versionId: z.optional(z.nullable(z.string())),
  force: z.optional(z.boolean()),
});
export type ReprocessMessage = z.infer<typeof ReprocessMessageSchema>;

/**
 * Decodes a key as S3 event notifications encode it: `+` is a space, the
 * rest is percent-encoded UTF-8.
 *
 * @example decodeS3Key('incoming/Kim+Il+Sung%E2%80%99s.txt') // "incoming/Kim Il Sung’s.txt"
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
