/**
 * What the fault drill's injected faults are counted as (bench/faults.ts),
 * and the HTML pages it uploads so derived text gets written
 * (bench/drill.ts).
 */
import { describe, expect, it } from 'vitest';
import { htmlPage } from '#bench/drill.ts';
import {
  FAULT_TARGETS,
  FAULTY_OPERATIONS,
  faultTarget,
  newCounts,
} from '#bench/faults.ts';
import { DEFAULT_SEED, generatePage } from '#bench/generator/index.ts';
import { decode } from '#shared/decode/index.ts';
import { scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';

describe('fault targets', () => {
  it('faults the derived-text write and the record state read', () => {
    // Assess
    expect(FAULTY_OPERATIONS.has('S3:PutObject')).toBe(true);
    expect(FAULTY_OPERATIONS.has('DynamoDB:GetItem')).toBe(true);
  });

  it('names what each faulted call was for', () => {
    // Assess
    expect(faultTarget('S3:PutObject', {})).toBe('derived-text-write');
    expect(faultTarget('S3:GetObject', {})).toBe('object-read');
    expect(
      faultTarget('DynamoDB:GetItem', {
        Key: { PK: { S: 'DOC#a' }, SK: { S: 'RECORD' } },
      })
    ).toBe('record-read');
    expect(
      faultTarget('DynamoDB:GetItem', { Key: { PK: 'DOC#a', SK: 'RECORD' } })
    ).toBe('record-read');
    expect(
      faultTarget('DynamoDB:GetItem', {
        Key: { PK: { S: 'HASH#1' }, SK: { S: 'HASH' } },
      })
    ).toBe('other-read');
    expect(faultTarget('DynamoDB:BatchWriteItem', {})).toBe('table-write');
  });

  it('counts every target by kind from zero', () => {
    // Act
    const counts = newCounts();
    // Assess
    expect(Object.keys(counts.byTarget)).toEqual([...FAULT_TARGETS]);
    expect(counts.byTarget['derived-text-write']).toEqual({
      throttle: 0,
      '5xx': 0,
      timeout: 0,
    });
  });
});

describe('drill HTML pages', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7])(
    'page %i decodes as HTML into the record its text yields',
    async (i) => {
      // Prepare
      const page = generatePage(DEFAULT_SEED, i);
      // Act
      const decoded = await decode(
        Buffer.from(htmlPage(page.text, page.layout)),
        { key: `${i}.html` }
      );
      // Assess
      if (!decoded.ok) throw new Error(decoded.message);
      expect(decoded.format).toBe('html');
      // the chrome around <main> is dropped
      expect(decoded.text).not.toContain('Terms of use');
      expect(decoded.text).not.toContain('Collections');
      const tallies = scoreRecord(
        page.expected,
        extract(decoded.text) as unknown as Record<string, unknown>
      );
      expect(
        Object.values(tallies).every((t) => t.fp === 0 && t.fn === 0)
      ).toBe(true);
    }
  );
});
