/**
 * Opaque pagination cursors: base64url JSON of the position (a DynamoDB
 * key, plus the year for multi-partition listings) and a hash of the query
 * it belongs to, so a cursor cannot be replayed against another query.
 * The only module that knows the encoding.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '#shared/errors/index.ts';

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
  return p;
}
