/**
 * The messages the runtime's control routes (`/_local/*`) accept, as zod
 * schemas: CLI commands in another process send them (cli/target.ts), and
 * nothing else is let through. A page that got past the boundary still
 * could not put an arbitrary S3 event on the queue: `enqueue` takes
 * reprocess requests only, for the raw bucket's upload prefix
 * (`checkReprocessTarget`).
 */
import * as z from 'zod/mini';
import { ReprocessMessageSchema } from '#functions/ingest/events.ts';
import { ValidationError } from '#shared/errors/index.ts';

/** Most messages one enqueue call carries (the CLI sends batches of 500). */
export const MAX_ENQUEUE = 1000;

/** Most ids one text-search or redrive call names. */
export const MAX_IDS = 1000;

/** `POST /_local/enqueue`: reprocess requests (`archive reprocess`). */
export const EnqueueRequestSchema = z.strictObject({
  messages: z
    .array(ReprocessMessageSchema)
    .check(z.minLength(1), z.maxLength(MAX_ENQUEUE)),
});

const TextQuery = z.string().check(z.minLength(1), z.maxLength(1000));

/**
 * `POST /_local/text-search`: `{ query, limit }` hits with snippets,
 * `{ query, limit, idsOnly: true }` every matching id, `{ query, ids }`
 * snippets of those records.
 */
export const TextSearchRequestSchema = z.union([
  z.strictObject({
    query: TextQuery,
    ids: z.array(z.string()).check(z.maxLength(MAX_IDS)),
  }),
  z.strictObject({
    query: TextQuery,
    limit: z.int().check(z.minimum(1), z.maximum(100_000)),
    idsOnly: z.optional(z.literal(true)),
  }),
]);

/** `POST /_local/redrive`: some dead letters by id, or all. */
export const RedriveRequestSchema = z.strictObject({
  ids: z.optional(z.array(z.string()).check(z.maxLength(MAX_IDS))),
});

/** `POST /_local/drain`: no parameters. */
export const EmptyRequestSchema = z.strictObject({});

/**
 * Parses a control body (null, an empty body, counts as `{}`).
 *
 * @throws ValidationError naming the first problem and its path
 */
export function parseControl<T>(
  schema: z.ZodMiniType<T>,
  body: unknown,
  route: string
): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  throw new ValidationError(
    `${route}: ${where}: ${issue?.message ?? 'invalid'}`,
    parsed.error.issues
  );
}

/**
 * Refuses a reprocess request for another bucket or outside the upload
 * prefix.
 *
 * @throws ValidationError naming the message
 */
export function checkReprocessTarget(
  messages: readonly { bucket: string; key: string }[],
  allowed: { bucket: string; prefix: string }
): void {
  messages.forEach((m, i) => {
    if (m.bucket !== allowed.bucket || !m.key.startsWith(allowed.prefix)) {
      throw new ValidationError(
        `enqueue: messages.${i}: only objects under s3://${allowed.bucket}/${allowed.prefix} can be reprocessed, not s3://${m.bucket}/${m.key}`
      );
    }
  });
}
