/**
 * Pure helpers of the page's snippets (web/snippet.ts) and people index
 * (web/people.ts).
 */
import { describe, expect, it } from 'vitest';
import { otherSpellings, rolesText, yearSpan } from '../../../web/people.ts';
import { snippetPieces } from '../../../web/snippet.ts';

describe('web snippet pieces', () => {
  it('cuts the text at the marks', () => {
    // Act
    const pieces = snippetPieces({
      text: '…the barges on the Taedong river…',
      marks: [
        [19, 26],
        [5, 11],
      ],
    });

    // Assess
    expect(pieces).toEqual([
      { text: '…the ', marked: false },
      { text: 'barges', marked: true },
      { text: ' on the ', marked: false },
      { text: 'Taedong', marked: true },
      { text: ' river…', marked: false },
    ]);
  });

  it('merges overlapping marks, clips them to the text and drops empty ones', () => {
    // Act
    const pieces = snippetPieces({
      text: 'grain quota',
      marks: [
        [0, 3],
        [2, 5],
        [7, 7],
        [9, 40],
        [-4, -1],
      ],
    });

    // Assess
    expect(pieces).toEqual([
      { text: 'grain', marked: true },
      { text: ' quo', marked: false },
      { text: 'ta', marked: true },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe('grain quota');
  });

  it('keeps a snippet without marks whole', () => {
    expect(snippetPieces({ text: 'no match shown', marks: [] })).toEqual([
      { text: 'no match shown', marked: false },
    ]);
  });
});

describe('web people helpers', () => {
  it('lists roles in the form order with their counts, unknown ones last', () => {
    expect(rolesText({ recipient: 2, author: 5, via: 0, envoy: 1 })).toBe(
      'author 5, recipient 2, envoy 1'
    );
  });

  it('writes the years a person appears as a span', () => {
    expect(yearSpan(['1952', '1949', '1950'])).toBe('1949–1952');
    expect(yearSpan(['1950'])).toBe('1950');
    expect(yearSpan([])).toBe('no dated records');
  });

  it('lists the other spellings once, without the shown name', () => {
    expect(
      otherSpellings({
        key: 'pak hon yong',
        name: 'Pak Hon Yong',
        variants: [
          'Pak Hon Yong',
          'PAK HON YONG',
          'Pak Hon-yong',
          'PAK HON YONG',
        ],
        records: 3,
        roles: { author: 3 },
        years: ['1950'],
      })
    ).toEqual(['PAK HON YONG', 'Pak Hon-yong']);
  });
});
