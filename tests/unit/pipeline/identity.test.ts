import { describe, expect, it } from 'vitest';
import {
  documentIdFor,
  isOlderSequencer,
  normalizeSequencer,
  processingKeyFor,
} from '#shared/pipeline/identity.ts';

describe('documentIdFor', () => {
  it('is a readable slug of the file name plus a short hash, stable per key', () => {
    // Act
    const id = documentIdFor('raw', 'incoming/seed.txt');
    // Assess
    expect(id).toMatch(/^seed-txt-[0-9a-f]{8}$/);
    expect(documentIdFor('raw', 'incoming/seed.txt')).toBe(id);
  });

  it('differs for the same file name under another folder or bucket', () => {
    // Act
    const ids = new Set([
      documentIdFor('raw', 'incoming/seed.txt'),
      documentIdFor('raw', 'incoming/b/seed.txt'),
      documentIdFor('other', 'incoming/seed.txt'),
    ]);
    // Assess
    expect(ids.size).toBe(3);
  });

  it('folds accents and falls back to "doc" for names without Latin letters', () => {
    // Act / Assess
    expect(documentIdFor('raw', 'incoming/Déjà vu.TXT')).toMatch(
      /^deja-vu-txt-[0-9a-f]{8}$/
    );
    expect(documentIdFor('raw', 'incoming/Телеграмма')).toMatch(
      /^doc-[0-9a-f]{8}$/
    );
  });
});

describe('sequencers', () => {
  it('orders sequencers of different lengths numerically', () => {
    // Act / Assess
    expect(isOlderSequencer('0055AED6DCD90281E5', '0055AED6DCD90281F0')).toBe(
      true
    );
    expect(isOlderSequencer('FF', '0100')).toBe(true);
    expect(isOlderSequencer('0100', 'FF')).toBe(false);
    expect(isOlderSequencer('abc', 'ABC')).toBe(false);
  });

  it('never calls an unknown sequencer older', () => {
    // Act / Assess
    expect(isOlderSequencer(null, 'FF')).toBe(false);
    expect(isOlderSequencer('FF', undefined)).toBe(false);
    expect(normalizeSequencer('not hex')).toBeNull();
  });
});

describe('processingKeyFor', () => {
  it('uses the version id, else the ETag, plus the parser version', () => {
    // Act / Assess
    expect(
      processingKeyFor(
        { bucket: 'b', key: 'k' },
        { versionId: 'v1', etag: 'e' },
        '1.0.0'
      )
    ).toBe('b/k#v1@1.0.0');
    expect(
      processingKeyFor(
        { bucket: 'b', key: 'k' },
        { versionId: null, etag: 'e' },
        '1.0.0'
      )
    ).toBe('b/k#e@1.0.0');
  });
});
