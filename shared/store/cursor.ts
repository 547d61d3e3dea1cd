/**
 * Opaque pagination cursors: base64url JSON of the position (a DynamoDB
 * key, or the last sort key of a merged listing) and a hash of the query
 * it belongs to, so a cursor cannot be replayed against another query.
 * The only module that knows the encoding.
 *
 * The hash is not a signature (the query service signs the cursors it
 * hands out, shared/query/cursor.ts), so a decoded position is checked
 * here before it becomes an `ExclusiveStartKey`: key attributes of the
 * table design only, string values, bounded; a start key DynamoDB still
 * refuses is reported as a bad cursor (`cursorError`), never a 500.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '#shared/errors/index.ts';
import { TABLE_DESIGN } from './table-design.ts';

export type CursorPosition = Record<string, unknown>;

const bindingOf = (query: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(query))
    .digest('base64url')
    .slice(0, 12);

/**
 * Encodes a position for `query` (the query's name and filters, without
 * limit and cursor).
 */
export function encodeCursor(query: unknown, position: CursorPosition): string {
  return Buffer.from(
    JSON.stringify({ q: bindingOf(query), p: position }),
    'utf8'
  ).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` for the same `query`.
 * @throws ValidationError when the cursor is malformed or from another query
 */
export function decodeCursor(query: unknown, cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new ValidationError('cursor is not valid', [], { cause: error });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { q?: unknown }).q !== 'string' ||
    typeof (parsed as { p?: unknown }).p !== 'object' ||
    (parsed as { p?: unknown }).p === null
  ) {
    throw new ValidationError('cursor is not valid');
  }
  const { q, p } = parsed as { q: string; p: CursorPosition };
  if (q !== bindingOf(query)) {
    throw new ValidationError('cursor belongs to a different query');
  }
  checkPosition(p);
  return p;
}

/** Attribute names a start key may hold: the table's and its indexes' keys. */
const KEY_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE_DESIGN.partitionKey.name,
  TABLE_DESIGN.sortKey.name,
  ...TABLE_DESIGN.globalSecondaryIndexes.flatMap((i) => [
    i.partitionKey.name,
    i.sortKey.name,
  ]),
]);

/** Longest key value kept (DynamoDB: 2048 bytes for a partition key). */
const MAX_KEY_VALUE = 2048;

const badCursor = (why: string) =>
  new ValidationError(`cursor: not a cursor of this listing (${why})`);

/**
 * The shape of every field a store position uses: `key` a start key
 * (table and index key attributes, string values, with the table's own
 * PK and SK), `sk` and `after` bounded strings.
 *
 * @throws ValidationError naming the field
 */
function checkPosition(p: CursorPosition): void {
  const key = p.key;
  if (key !== undefined && key !== null) {
    if (typeof key !== 'object' || Array.isArray(key)) {
      throw badCursor('key');
    }
    const entries = Object.entries(key as Record<string, unknown>);
    for (const [name, value] of entries) {
      if (!KEY_ATTRIBUTES.has(name)) throw badCursor(`key attribute ${name}`);
      if (typeof value !== 'string' || value.length > MAX_KEY_VALUE) {
        throw badCursor(`key value of ${name}`);
      }
    }
    for (const required of [
      TABLE_DESIGN.partitionKey.name,
      TABLE_DESIGN.sortKey.name,
    ]) {
      if (!(required in (key as object))) throw badCursor(`key ${required}`);
    }
  }
  for (const field of ['sk', 'after'] as const) {
    const value = p[field];
    if (
      value !== undefined &&
      (typeof value !== 'string' || value.length > MAX_KEY_VALUE)
    ) {
      throw badCursor(field);
    }
  }
}

/**
 * Checks that a Query's start key lies in the partition the query reads
 * (`<attribute> = :pk` in its key condition).
 *
 * @throws ValidationError when it names another partition
 */
export function checkStartKeyPartition(
  keyCondition: string | undefined,
  values: Record<string, unknown> | undefined,
  startKey: Record<string, unknown>
): void {
  const attribute = /^\s*(\w+)\s*=\s*:pk\b/.exec(keyCondition ?? '')?.[1];
  if (attribute && startKey[attribute] !== values?.[':pk']) {
    throw badCursor('another partition');
  }
}

/**
 * What DynamoDB's refusal of a start key taken from a cursor means to the
 * caller: a bad cursor (400), not a fault. Other errors pass unchanged.
 */
export function cursorError(error: unknown): unknown {
  return (error as { name?: string } | null)?.name === 'ValidationException'
    ? new ValidationError(
        'cursor: not a cursor of this listing (refused as a start key)',
        [],
        { cause: error }
      )
    : error;
}
