/**
 * The pure backfill logic (shared/backfill): which records a selection
 * takes, the scan request, the decision per projected item in both store
 * layouts, the segment plan and the progress arithmetic.
 */
import { describe, expect, it } from 'vitest';
import {
  addCounts,
  compareVersions,
  decideRecord,
  executionArnOf,
  executionName,
  ITEMS_PER_SEGMENT,
  isSelected,
  MAX_SEGMENTS,
  type ProjectedRecord,
  parseSelection,
  recordScanSpec,
  runFrom,
  segmentCount,
} from '#shared/backfill/index.ts';
import { encodeRecordItem } from '#shared/store/record-codec.ts';

const CURRENT = { parserVersion: '0.10.0', indexVersion: 5 };

function item(overrides: Partial<ProjectedRecord> = {}): ProjectedRecord {
  return {
    PK: 'DOC#d1',
    SK: 'RECORD',
    documentId: 'd1',
    status: 'ok',
    parserVersion: CURRENT.parserVersion,
    indexVersion: CURRENT.indexVersion,
    record: {
      source: { bucket: 'raw', key: 'incoming/d1.txt', versionId: 'v1' },
    },
    ...overrides,
  };
}

describe('selection', () => {
  it('compares dotted versions as numbers, not strings', () => {
    // Act + Assess
    expect(compareVersions('0.10.0', '0.9.1')).toBe(1);
    expect(compareVersions('0.2', '0.2.0')).toBe(0);
    expect(compareVersions('1.0.0', '1.0.1')).toBe(-1);
  });

  it('takes stale records: an older parser, an older or missing index layout', () => {
    // Prepare
    const stale = { mode: 'stale' as const };

    // Act + Assess
    expect(isSelected(item(), stale, CURRENT)).toBe(false);
    expect(isSelected(item({ parserVersion: '0.9.9' }), stale, CURRENT)).toBe(
      true
    );
    expect(isSelected(item({ indexVersion: 4 }), stale, CURRENT)).toBe(true);
    expect(isSelected(item({ indexVersion: undefined }), stale, CURRENT)).toBe(
      true
    );
    // a newer parser than this build's is not stale
    expect(isSelected(item({ parserVersion: '0.11.0' }), stale, CURRENT)).toBe(
      false
    );
  });

  it('takes records older than a parser version, and only of a status when asked', () => {
    // Prepare
    const older = parseSelection({
      mode: 'older-than-parser',
      olderThanParser: '0.10.0',
      status: 'failed',
    });

    // Act + Assess
    expect(
      isSelected(
        item({ parserVersion: '0.9.0', status: 'failed' }),
        older,
        CURRENT
      )
    ).toBe(true);
    expect(
      isSelected(item({ parserVersion: '0.9.0', status: 'ok' }), older, CURRENT)
    ).toBe(false);
    expect(
      isSelected(
        item({ parserVersion: '0.10.0', status: 'failed' }),
        older,
        CURRENT
      )
    ).toBe(false);
  });

  it('refuses a version selection without its version, and a version elsewhere', () => {
    // Act + Assess
    expect(() => parseSelection({ mode: 'older-than-parser' })).toThrow(
      'olderThanParser is required'
    );
    expect(() =>
      parseSelection({ mode: 'all', olderThanParser: '0.1.0' })
    ).toThrow('olderThanParser is required');
    expect(() => parseSelection({ mode: 'everything' })).toThrow(
      'selection.mode'
    );
  });
});

describe('recordScanSpec', () => {
  it('filters record items and projects keys, versions, status and the source (both layouts)', () => {
    // Act
    const spec = recordScanSpec({ mode: 'all' }, CURRENT);

    // Assess
    expect(spec.FilterExpression).toBe('#sk = :sk');
    expect(spec.ExpressionAttributeValues).toEqual({ ':sk': 'RECORD' });
    const projected = spec.ProjectionExpression.split(', ').map((path) =>
      path
        .split('.')
        .map((n) => spec.ExpressionAttributeNames[n])
        .join('.')
    );
    expect(projected).toEqual([
      'PK',
      'SK',
      'documentId',
      'status',
      'parserVersion',
      'indexVersion',
      'record.source',
      'body',
      'sourceDeleted',
    ]);
  });

  it('narrows a stale scan to items off the current versions, and a status scan to that status', () => {
    // Act
    const spec = recordScanSpec({ mode: 'stale', status: 'failed' }, CURRENT);

    // Assess
    expect(spec.FilterExpression).toContain('#status = :status');
    expect(spec.FilterExpression).toContain('#pv <> :pv');
    expect(spec.FilterExpression).toContain('#iv < :iv');
    expect(spec.ExpressionAttributeValues).toMatchObject({
      ':status': 'failed',
      ':pv': '0.10.0',
      ':iv': 5,
    });
    // every name and value the expressions use is defined, and no other
    const used = `${spec.FilterExpression} ${spec.ProjectionExpression}`;
    for (const name of Object.keys(spec.ExpressionAttributeNames)) {
      expect(used).toContain(name);
    }
    for (const value of Object.keys(spec.ExpressionAttributeValues)) {
      expect(spec.FilterExpression).toContain(value);
    }
  });
});

describe('decideRecord', () => {
  it('sends a reprocess message naming the source version, forced except for a parser-version selection', () => {
    // Act
    const all = decideRecord(item(), { mode: 'all' }, CURRENT);
    const older = decideRecord(
      item({ parserVersion: '0.1.0' }),
      { mode: 'older-than-parser', olderThanParser: '0.2.0' },
      CURRENT
    );

    // Assess
    expect(all).toEqual({
      kind: 'send',
      documentId: 'd1',
      message: {
        type: 'reprocess',
        bucket: 'raw',
        key: 'incoming/d1.txt',
        versionId: 'v1',
        force: true,
      },
    });
    expect(older.kind === 'send' && older.message.force).toBe(false);
  });

  it('skips a selected record without a source to re-read, saying why', () => {
    // Act + Assess
    expect(
      decideRecord(item({ record: {} }), { mode: 'all' }, CURRENT)
    ).toEqual({
      kind: 'skip',
      documentId: 'd1',
      reason: 'no stored source object',
    });
    expect(
      decideRecord(item({ sourceDeleted: true }), { mode: 'all' }, CURRENT)
    ).toMatchObject({ kind: 'skip', reason: 'the source object was deleted' });
  });

  it('reads the source from the compressed body of the current store layout', () => {
    // Prepare: a record item as the store writes it
    const stored = encodeRecordItem({
      PK: 'DOC#d2',
      SK: 'RECORD',
      entity: 'record',
      documentId: 'd2',
      status: 'ok',
      parserVersion: '0.1.0',
      record: {
        source: { bucket: 'raw', key: 'incoming/d2.txt', versionId: null },
      },
      ownedKeys: [],
      updatedAt: '2026-01-01T00:00:00.000Z',
      indexVersion: 5,
    } as never) as ProjectedRecord;
    const deleted = { ...stored, sourceDeleted: true };

    // Act
    const sent = decideRecord(stored, { mode: 'stale' }, CURRENT);
    const skipped = decideRecord(deleted, { mode: 'stale' }, CURRENT);

    // Assess
    expect(sent).toEqual({
      kind: 'send',
      documentId: 'd2',
      message: {
        type: 'reprocess',
        bucket: 'raw',
        key: 'incoming/d2.txt',
        force: true,
      },
    });
    expect(skipped).toMatchObject({
      kind: 'skip',
      reason: 'the source object was deleted',
    });
  });

  it('leaves items that are not record items alone', () => {
    // Act + Assess
    expect(
      decideRecord(item({ SK: 'EVENT#x' }), { mode: 'all' }, CURRENT)
    ).toEqual({ kind: 'not-selected' });
  });
});

describe('plan', () => {
  it('chooses segments from the table size, within 1..MAX_SEGMENTS, or takes the one asked for', () => {
    // Act + Assess
    expect(segmentCount(0)).toBe(1);
    expect(segmentCount(ITEMS_PER_SEGMENT * 12 + 1)).toBe(13);
    expect(segmentCount(1e12)).toBe(MAX_SEGMENTS);
    expect(segmentCount(null)).toBeGreaterThan(1);
    expect(segmentCount(1e9, 7)).toBe(7);
    expect(() => segmentCount(null, MAX_SEGMENTS + 1)).toThrow(RangeError);
  });

  it('names executions within Step Functions limits and builds their ARN from a name', () => {
    // Act
    const name = executionName(
      { mode: 'older-than-parser', olderThanParser: '0.2.0', status: 'failed' },
      new Date('2026-03-04T05:06:07.890Z'),
      'ab12'
    );
    const arn = executionArnOf(
      'arn:aws:states:eu-west-1:123456789012:stateMachine:archive-ingest-backfill-prod',
      name
    );

    // Assess
    expect(name).toBe(
      'reprocess-older-than-parser-failed-20260304T050607Z-ab12'
    );
    expect(arn).toBe(
      `arn:aws:states:eu-west-1:123456789012:execution:archive-ingest-backfill-prod:${name}`
    );
    expect(executionArnOf('arn:aws:states:x:1:stateMachine:m', arn)).toBe(arn);
    expect(() =>
      executionArnOf('arn:aws:states:x:1:stateMachine:m', 'a b')
    ).toThrow('not an execution name');
  });
});

describe('progress', () => {
  it('sums segment counts from a finished run and reads segments from its Map Run', () => {
    // Act
    const run = runFrom(
      {
        executionArn: 'arn:aws:states:r:1:execution:m:run-1',
        name: 'run-1',
        status: 'SUCCEEDED',
        input: JSON.stringify({
          selection: { mode: 'stale' },
          totalSegments: 2,
        }),
        output: JSON.stringify({
          segments: [
            {
              segment: 0,
              counts: { scanned: 100, selected: 9, enqueued: 8, skipped: 1 },
            },
            {
              segment: 1,
              counts: { scanned: 50, selected: 2, enqueued: 2, skipped: 0 },
            },
          ],
        }),
      },
      {
        itemCounts: {
          total: 2,
          succeeded: 2,
          failed: 0,
          running: 0,
          pending: 0,
        },
      }
    );

    // Assess
    expect(run.counts).toEqual({
      scanned: 150,
      selected: 11,
      enqueued: 10,
      skipped: 1,
    });
    expect(run.segments).toMatchObject({ total: 2, succeeded: 2 });
    expect(run.selection).toEqual({ mode: 'stale' });
    expect(addCounts({ scanned: 1 }, { scanned: 2, enqueued: 3 })).toEqual({
      scanned: 3,
      selected: 0,
      enqueued: 3,
      skipped: 0,
    });
  });

  it('has no counts while running, and says why a run failed', () => {
    // Act
    const running = runFrom({ status: 'RUNNING', name: 'r' });
    const failed = runFrom({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'segment 3 failed',
    });

    // Assess
    expect(running.counts).toBeNull();
    expect(running.segments).toBeNull();
    expect(failed.error).toBe(
      'States.ExceedToleratedFailureThreshold: segment 3 failed'
    );
  });
});
