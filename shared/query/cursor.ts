/**
 * The query service's cursors: base64url of the position, bound to the
 * filters they were made for and signed (HMAC), so a cursor can be neither
 * replayed against another query nor edited into another position.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '#shared/errors/index.ts';

export type Position = Record<string, unknown>;

function mac(secret: string, binding: unknown, payload: string): string {
  return createHmac('sha256', secret)
    .update(JSON.stringify(binding))
    .update('\n')
    .update(payload)
    .digest('base64url')
    .slice(0, 22);
}

/** Encodes `position` for the query described by `binding`. */
export function encodeQueryCursor(
  secret: string,
  binding: unknown,
  position: Position
): string {
  const payload = Buffer.from(JSON.stringify(position), 'utf8').toString(
    'base64url'
  );
  return `${payload}.${mac(secret, binding, payload)}`;
}

/**
 * Decodes a cursor made by `encodeQueryCursor` for the same query.
 * @throws ValidationError when it is malformed, edited or from another query
 */
export function decodeQueryCursor(
  secret: string,
  binding: unknown,
  cursor: string
): Position {
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) {
    throw new ValidationError('cursor: not a cursor of this service');
  }
  const expected = Buffer.from(mac(secret, binding, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ValidationError(
      'cursor: belongs to another query or was modified'
    );
  }
  try {
    const position: unknown = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8')
    );
    if (typeof position !== 'object' || position === null) throw new Error();
    return position as Position;
  } catch (error) {
    throw new ValidationError('cursor: not a cursor of this service', [], {
      cause: error,
    });
  }
}
