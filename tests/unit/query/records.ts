import { emptyExtraction } from '#shared/extract/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

/** A valid ok record with the given fields. */
export function makeRecord(
  id: string,
  fields: Partial<DocumentRecord> = {}
): DocumentRecord {
  return {
    id,
    status: 'ok',
    parserVersion: '0.1.0',
    ...emptyExtraction(),
    title: `Document ${id}`,
    date: null,
    documentType: 'telegram',
    source: {
      bucket: 'raw',
      key: `incoming/${id}.txt`,
      uri: `s3://raw/incoming/${id}.txt`,
      sha256: 'a'.repeat(64),
      size: 10,
      contentType: 'text/plain',
    },
    text: null,
    processedAt: '2024-01-01T00:00:00.000Z',
    duplicateOf: null,
    failure: null,
    ocr: null,
    ...fields,
  };
}
