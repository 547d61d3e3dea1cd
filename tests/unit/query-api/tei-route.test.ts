import { describe, expect, it, vi } from 'vitest';
import {
  makeHandler,
  type QueryLogger,
} from '#functions/query/make-handler.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import { createQueryService, type RecordReader } from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { bodyText, parseXml } from '../../helpers/tei.ts';
import { makeRecord } from '../query/records.ts';
import { apiEvent } from './events.ts';

const TEXT = 'Ciphered Telegram # 600382/sh\n\nTo Comrade STALIN';
const TRAIL: AuditEvent[] = [
  {
    type: 'stored',
    at: '2026-01-02T03:04:05.000Z',
    agent: 'ingest',
    parserVersion: '0.2.0',
    outcome: 'ok',
    detail: {},
  },
];

const telegram = makeRecord('telegram-1a2b3c4d', {
  title: null,
  telegram: {
    number: '600382/sh',
    origin: null,
    sentAt: null,
    receivedAt: null,
    arrivedAt: null,
    decipheredAt: null,
    decipheredBy: null,
    distribution: null,
    outgoingNumber: null,
    typedBy: null,
  },
  provenance: { 'telegram.number': { start: 20, end: 29 } },
  text: {
    excerpt: 'Ciphered',
    length: TEXT.length,
    uri: 's3://derived/t.txt',
    format: 'txt',
    encoding: 'utf-8',
  },
});
const failed = makeRecord('failed-5e6f7a8b', {
  status: 'failed',
  failure: {
    reason: 'needs-ocr',
    message: 'scan without a text layer',
    attempts: 1,
  },
});

/** The two reads the route makes: a record and its audit trail. */
function reader(records: DocumentRecord[]): RecordReader {
  const unused = () => {
    throw new Error('not used by the TEI route');
  };
  return {
    getRecord: async (id: string) => records.find((r) => r.id === id) ?? null,
    getRecords: unused,
    getAuditTrail: async () => TRAIL,
    queryByPerson: unused,
    queryByType: unused,
    queryByYearRange: unused,
    queryByTelegram: unused,
    listRecords: unused,
  } as unknown as RecordReader;
}

function setup(readText?: (uri: string) => Promise<string>) {
  const logger: QueryLogger = { error: vi.fn(), warn: vi.fn(), info: vi.fn() };
  const query = createQueryService(
    reader([telegram, failed]),
    readText ? { readText } : {}
  );
  return { handler: makeHandler({ query, logger }), logger };
}

describe('query handler: GET /records/{id}/tei', () => {
  it('returns the record as TEI, as a download that is not sniffed', async () => {
    // Prepare
    const { handler } = setup(async () => TEXT);

    // Act
    const res = await handler(apiEvent(`/api/records/${telegram.id}/tei`));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${telegram.id}.xml"`,
      'x-content-type-options': 'nosniff',
    });
    const doc = parseXml(res.body ?? '');
    expect(bodyText(doc)).toBe(TEXT);
    expect(
      Array.from(doc.getElementsByTagName('idno')).find(
        (n) => n.getAttribute('type') === 'telegram-number'
      )?.textContent
    ).toBe('600382/sh');
    expect(doc.getElementsByTagName('change')[0]?.getAttribute('type')).toBe(
      'stored'
    );
  });

  it('answers 404 for a failure record, which has no text to mark up', async () => {
    const { handler } = setup(async () => TEXT);
    const res = await handler(apiEvent(`/records/${failed.id}/tei`));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body ?? '{}').message).toMatch(
      /was not processed \(needs-ocr: scan without a text layer\): it has no text to mark up as TEI/
    );
  });

  it('answers 404 for an unknown record and 400 for a malformed id', async () => {
    const { handler } = setup(async () => TEXT);
    expect((await handler(apiEvent('/records/nope-0000/tei'))).statusCode).toBe(
      404
    );
    const bad = await handler(apiEvent('/records/%2E%2E%2Fx/tei'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body ?? '{}').parameter).toBe('id');
  });

  it('fails (500, logged) rather than mark up an excerpt when the full text cannot be read', async () => {
    const { handler, logger } = setup();
    const res = await handler(apiEvent(`/records/${telegram.id}/tei`));
    expect(res.statusCode).toBe(500);
    expect(logger.error).toHaveBeenCalled();
  });
});
