import { describe, expect, it } from 'vitest';
import { type CapturedWrite, planPages } from '#bench/floor.ts';

const s = (S: string) => ({ S });
/** Invented items of two documents, as the pipeline would write them. */
const WRITES: CapturedWrite[] = [
  {
    doc: 'a',
    item: { PK: s('SHA256#aa'), SK: s('DOC'), documentId: s('a') },
  },
  { doc: 'a', item: { PK: s('DOC#a'), SK: s('EVENT#1'), type: s('x') } },
  {
    doc: 'a',
    item: { PK: s('PERSON#kim'), SK: s('1950#a#author'), documentId: s('a') },
  },
  { doc: 'b', item: { PK: s('DOC#b'), SK: s('RECORD'), revision: { N: '1' } } },
  { doc: 'a', item: { PK: s('DOC#a'), SK: s('RECORD'), revision: { N: '1' } } },
  // a re-delivery rewrites the same event and a newer record item
  { doc: 'a', item: { PK: s('DOC#a'), SK: s('EVENT#1'), type: s('y') } },
  { doc: 'a', item: { PK: s('DOC#a'), SK: s('RECORD'), revision: { N: '2' } } },
];

describe('planPages', () => {
  it('splits a document’s writes into hash, batch items and record', () => {
    // Act
    const plans = planPages(WRITES, new Map([['a', 1200]]));
    const a = plans.get('a');
    // Assess
    expect(a?.hash?.PK).toEqual(s('SHA256#aa'));
    expect(a?.record?.revision).toEqual({ N: '2' });
    expect(a?.index.map((i) => i.PK?.S).sort()).toEqual([
      'DOC#a',
      'PERSON#kim',
    ]);
    expect(a?.index.find((i) => i.SK?.S === 'EVENT#1')?.type).toEqual(s('y'));
    expect(a?.derivedBytes).toBe(1200);
  });

  it('gives a document without derived text no derived put', () => {
    // Act
    const b = planPages(WRITES).get('b');
    // Assess
    expect(b).toEqual({
      hash: null,
      index: [],
      record: WRITES[3]?.item,
      derivedBytes: null,
    });
  });
});
