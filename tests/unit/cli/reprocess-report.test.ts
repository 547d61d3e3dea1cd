import { describe, expect, it } from 'vitest';
import {
  checkOlderThanParser,
  notReprocessable,
} from '#cli/commands/reprocess.ts';
import {
  classifyReprocess,
  formatReprocessReport,
} from '#cli/ingest-report.ts';
import { UsageError } from '#cli/io.ts';
import { emptyExtraction, PARSER_VERSION } from '#shared/extract/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

/** An invented record of `key`, processed at `processedAt`. */
function record(
  key: string,
  processedAt: string,
  changes: Partial<DocumentRecord> = {}
): DocumentRecord {
  return {
    ...emptyExtraction(),
    id: `rec-${key}`,
    status: 'ok',
    parserVersion: PARSER_VERSION,
    source: {
      bucket: 'raw',
      key: `incoming/${key}`,
      versionId: null,
      etag: 'e1',
      uri: `s3://raw/incoming/${key}`,
      sha256: 'a'.repeat(64),
      size: 10,
      contentType: 'text/plain',
    },
    text: null,
    processedAt,
    duplicateOf: null,
    failure: null,
    ocr: null,
    ...changes,
  } as DocumentRecord;
}

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-05T10:00:00.000Z';

describe('classifyReprocess', () => {
  it('counts re-extracted, unchanged and skipped records separately, from the records as they are now', () => {
    // Prepare: five records as selected, and what the store holds after
    const fresh = record('fresh.txt', T0);
    const current = record('current.txt', T0);
    const gone = record('gone.txt', T0);
    const noSource = record('upload.txt', T0, {
      source: { ...record('x', T0).source, bucket: undefined, key: undefined },
    });
    const broken = record('broken.txt', T0);
    const dead = record('dead.txt', T0);
    const after = new Map<string, DocumentRecord | null>([
      [fresh.id, record('fresh.txt', T1, { warnings: ['ambiguous-date'] })],
      [current.id, current],
      [gone.id, gone],
      [noSource.id, noSource],
      [
        broken.id,
        record('broken.txt', T1, {
          status: 'failed',
          failure: {
            reason: 'decode-error',
            message: 'bad bytes',
            attempts: 1,
          },
        }),
      ],
      [dead.id, dead],
    ]);

    // Act
    const report = classifyReprocess(
      [fresh, current, gone, noSource, broken, dead],
      after,
      {
        notSent: new Map([[noSource.id, 'no stored source object']]),
        deadKeys: new Set(['incoming/dead.txt']),
        missingKeys: new Set(['incoming/gone.txt']),
        settled: true,
      }
    );

    // Assess
    expect(report.reextracted).toEqual({
      ok: 1,
      failed: [
        { key: 'incoming/broken.txt', reason: 'decode-error: bad bytes' },
      ],
    });
    expect(report.unchanged).toEqual([
      {
        key: 'incoming/current.txt',
        reason: `already made by parser ${PARSER_VERSION} from this version of the object`,
      },
    ]);
    expect(report.skipped).toEqual([
      {
        key: 'incoming/gone.txt',
        reason: 'the source object no longer exists',
      },
      { key: 'rec-upload.txt', reason: 'no stored source object' },
    ]);
    expect(report.deadLettered).toEqual(['incoming/dead.txt']);
    expect(report.warnings).toBe(1);
    expect(formatReprocessReport(report).split('\n')[0]).toBe(
      'reprocessed 6: 2 re-extracted (1 ok, 1 failed), 1 unchanged, 2 skipped, 1 dead-lettered; 1 warning'
    );
  });

  it('calls records not yet done pending when the queue did not settle', () => {
    // Prepare
    const waiting = record('waiting.txt', T0);

    // Act
    const report = classifyReprocess(
      [waiting],
      new Map([[waiting.id, waiting]]),
      {
        notSent: new Map(),
        deadKeys: new Set(),
        missingKeys: new Set(),
        settled: false,
      }
    );

    // Assess
    expect(report.pending).toEqual(['incoming/waiting.txt']);
    expect(report.unchanged).toEqual([]);
  });
});

describe('notReprocessable', () => {
  it('names records that have no source object to re-read', () => {
    // Prepare
    const deleted = record('d.txt', T0);
    deleted.source.deleted = true;

    // Act + Assess
    expect(notReprocessable(record('ok.txt', T0))).toBeNull();
    expect(notReprocessable(deleted)).toBe('the source object was deleted');
  });
});

describe('checkOlderThanParser', () => {
  it('refuses a version newer than the current parser with a usage error', () => {
    // Act + Assess
    expect(() => checkOlderThanParser('99.0.0')).toThrow(UsageError);
    expect(() => checkOlderThanParser('99.0.0')).toThrow(
      `--older-than-parser 99.0.0 is newer than this parser (${PARSER_VERSION})`
    );
    expect(() => checkOlderThanParser('one')).toThrow(
      'must be a version like 1.2.0'
    );
  });

  it('accepts the current version, an older one, and no flag', () => {
    // Act + Assess
    expect(() => checkOlderThanParser(PARSER_VERSION)).not.toThrow();
    expect(() => checkOlderThanParser('0.0.1')).not.toThrow();
    expect(() => checkOlderThanParser(undefined)).not.toThrow();
  });
});
