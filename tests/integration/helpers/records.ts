/** Hand-made records for store tests (independent of the extractor). */
import { createHash } from 'node:crypto';
import { emptyExtraction } from '#shared/extract/index.ts';
import type { CommitRequest } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

export function makeRecord(
  id: string,
  overrides: Partial<DocumentRecord> = {}
): DocumentRecord {
  return {
    ...emptyExtraction(),
    title: `Document ${id}`,
    date: null,
    documentType: 'telegram',
    id,
    status: 'ok',
    parserVersion: '0.0.0-test',
    source: {
      bucket: 'raw',
      key: `incoming/${id}.txt`,
      versionId: null,
      etag: 'etag',
      uri: `s3://raw/incoming/${id}.txt`,
      sha256: '0'.repeat(64),
      size: 10,
      contentType: 'text/plain',
    },
    text: null,
    processedAt: '2024-05-01T12:00:00.000Z',
    duplicateOf: null,
    failure: null,
    ocr: null,
    ...overrides,
  };
}

/** A commit request for `record` as a first or follow-up version. */
export function commitOf(
  record: DocumentRecord,
  previous: CommitRequest['previous'] = null,
  processingKey = `raw/${record.source.key}#${record.source.etag}@test`
): CommitRequest {
  const event = {
    at: record.processedAt,
    agent: 'test',
    parserVersion: record.parserVersion,
    outcome: 'ok' as const,
    detail: {},
  };
  return {
    record,
    processingKey,
    sequencer: null,
    previous,
    eventTime: record.processedAt,
    runId: createHash('sha256').update(processingKey).digest('hex').slice(0, 8),
    events: [{ ...event, type: 'received' }],
    finalEvent: { ...event, type: 'stored' },
  };
}
