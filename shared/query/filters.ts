/**
 * The filters of `archive query` and `GET /records`, validated once here so
 * the CLI and the query API accept exactly the same thing.
 */
import * as z from 'zod/mini';
import { ValidationError } from '#shared/errors/index.ts';
import { DOCUMENT_TYPES } from '#shared/schema/record.ts';

/**
 * Roles a person holds in a record: the person index keys them, the
 * `role` filter picks one. `signer` is who signs a letter the document
 * holds (`letter.signedBy`), `signatory` who signs the document itself.
 */
export const PERSON_ROLES = [
  'author',
  'recipient',
  'via',
  'participant',
  'signatory',
  'signer',
  'distribution',
] as const;
export type QueryRole = (typeof PERSON_ROLES)[number];

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const PartialDate = z
  .string()
  .check(
    z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
  );
const Text = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));

/** Query filters; every one optional, combined with AND. */
export const QueryFiltersSchema = z
  .object({
    /** A person in any role (or in `role`); case and spacing do not matter. */
    person: z.optional(Text(200)),
    role: z.optional(
      z.enum(PERSON_ROLES, {
        error: `must be one of ${PERSON_ROLES.join(', ')}`,
      })
    ),
    type: z.optional(
      z.enum(DOCUMENT_TYPES, {
        error: `must be one of ${DOCUMENT_TYPES.join(', ')}`,
      })
    ),
    /** Inclusive date bounds on the record's date. */
    from: z.optional(PartialDate),
    to: z.optional(PartialDate),
    telegram: z.optional(Text(50)),
    /** Words that must all occur in the title, summary or names. */
    text: z.optional(Text(200)),
    /** `failed` lists failure records; default lists documents (`ok`). */
    status: z.optional(
      z.enum(['ok', 'failed'], { error: 'must be ok or failed' })
    ),
    limit: z.optional(
      z
        .int({ error: `must be an integer from 1 to ${MAX_LIMIT}` })
        .check(
          z.minimum(1, `must be an integer from 1 to ${MAX_LIMIT}`),
          z.maximum(MAX_LIMIT, `must be an integer from 1 to ${MAX_LIMIT}`)
        )
    ),
    cursor: z.optional(z.string().check(z.maxLength(4096))),
  })
  .check(
    z.refine((f) => !f.role || f.person !== undefined, {
      message: 'role needs person',
      path: ['role'],
    }),
    z.refine((f) => !f.from || !f.to || f.from.slice(0, f.to.length) <= f.to, {
      message: 'from must not be after to',
      path: ['from'],
    })
  );
export type QueryFilters = z.infer<typeof QueryFiltersSchema>;

const KNOWN = new Set([
  'person',
  'role',
  'type',
  'from',
  'to',
  'telegram',
  'text',
  'status',
  'limit',
  'cursor',
]);

/**
 * Parses filters from strings (query-string parameters, CLI options):
 * `limit` is coerced to an integer, empty values count as absent, unknown
 * names are refused.
 *
 * @throws ValidationError naming the first bad parameter, with zod's issues
 */
export function parseQueryFilters(
  input: Record<string, unknown>
): QueryFilters {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '') continue;
    if (!KNOWN.has(name)) {
      throw new ValidationError(`unknown filter "${name}"`);
    }
    raw[name] =
      name === 'limit' && typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : value;
  }
  const parsed = QueryFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || 'filters';
    throw new ValidationError(
      `${name}: ${issue?.message ?? 'invalid'}`,
      parsed.error.issues
    );
  }
  return parsed.data;
}
