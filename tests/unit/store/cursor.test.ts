import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors/index.ts';
import { decodeCursor, encodeCursor } from '#shared/store/cursor.ts';

describe('cursor', () => {
  it('round-trips a position for the same query', () => {
    // Prepare
    const position = { key: { PK: 'DOC#a', SK: 'RECORD' } };
    // Act
    const cursor = encodeCursor(['type', 'telegram'], position);
    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(['type', 'telegram'], cursor)).toEqual(position);
  });

  it('refuses a cursor made for another query, or garbage', () => {
    // Prepare
    const cursor = encodeCursor(['type', 'telegram'], { key: {} });
    // Act / Assess
    expect(() => decodeCursor(['type', 'letter'], cursor)).toThrow(
      ValidationError
    );
    expect(() => decodeCursor(['type', 'letter'], '%%%')).toThrow(
      ValidationError
    );
    expect(() =>
      decodeCursor(['x'], Buffer.from('[1]').toString('base64url'))
    ).toThrow(ValidationError);
  });
});
