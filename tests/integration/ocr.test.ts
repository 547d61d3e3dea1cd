/**
 * Scans with the real OCR engine (tesseract.js, offline, one worker for the
 * file): every scan fixture must yield the record its page's text yields
 * (overall F1 ≥ 0.9, the scoring of `archive eval`), and scans go through
 * the ingest handler against dynalite + s3rver like any page.
 *
 * fixtures/scans/ is made by scripts/make-scan-fixtures.ts from
 * fixtures/scans/source/ (pages the project wrote; the `frameless-*` ones
 * are copies of fixtures/frameless/pages, documents without the archive's
 * frame); manifest.json pairs them.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charAccuracy, degradedManifest } from '#bench/ocr.ts';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { decode } from '#shared/decode/index.ts';
import { createTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { overall, prf, scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import type { RecordItem } from '#shared/store/items.ts';
import { docPk } from '#shared/store/keys.ts';
import { decodeRecordItem } from '#shared/store/record-codec.ts';
import {
  nextSequencer,
  s3Notification,
  sqsEvent,
  sqsRecord,
} from './helpers/events.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';

interface ScanFixture {
  file: string;
  source: string | null;
  variant: string;
}

const SCANS = 'fixtures/scans';
const manifest = JSON.parse(
  readFileSync(`${SCANS}/manifest.json`, 'utf8')
) as ScanFixture[];
const pages = manifest.filter((f) => f.source !== null);
const bytesOf = (file: string) =>
  new Uint8Array(readFileSync(`${SCANS}/${file}`));

const ocr = createTesseractEngine();
afterAll(async () => {
  await ocr.terminate();
});

describe('OCR of the scan fixtures', () => {
  it('has scans at 150 and 300 dpi, rotated, noisy, TIFF, JPEG, a two-page PDF and frameless pages', () => {
    // Assess: the fixture set is all there
    const names = pages.map((f) => f.file).join(' ');
    for (const part of [
      '150dpi.png',
      '300dpi.png',
      'rotated',
      'noisy.jpg',
      '.tif',
      '2pages.pdf',
      'frameless-',
    ]) {
      expect(names).toContain(part);
    }
    // the frameless scans show pages of fixtures/frameless, which have gold
    for (const f of pages.filter((p) => p.file.startsWith('frameless-'))) {
      const name = f.source!.replace(/^frameless-/, '');
      expect(readFileSync(`${SCANS}/source/${f.source}`, 'utf8')).toBe(
        readFileSync(`fixtures/frameless/pages/${name}`, 'utf8')
      );
    }
  });

  it.each(pages.map((f) => [f.file, f] as const))(
    'reads %s into the record its page text yields (F1 ≥ 0.9)',
    async (_, fixture) => {
      // Prepare
      const text = readFileSync(`${SCANS}/source/${fixture.source}`, 'utf8');
      const gold = extract(text);
      // Act
      const decoded = await decode(bytesOf(fixture.file), {
        key: fixture.file,
        ocr,
      });
      // Assess
      if (!decoded.ok) throw new Error(decoded.message);
      const got = extract(decoded.text);
      const { f1 } = prf(overall(scoreRecord(gold, got)));
      expect(f1, `${fixture.file} (${fixture.variant})`).toBeGreaterThanOrEqual(
        0.9
      );
      expect(decoded.ocr?.meanConfidence).toBeGreaterThan(80);
      expect(decoded.ocr?.pages).toBe(fixture.file.endsWith('.pdf') ? 2 : 1);
    }
  );
});

// The degraded set's figures are the benchmark's (bench/ocr.ts, docs/OCR.md);
// only the clean pages are held to a bar here: the renderer and the engine
// agree on a perfect page.
describe('OCR of the degraded-scan set, clean pages', () => {
  it.each(
    degradedManifest()
      .filter((f) => f.degradation === 'clean')
      .map((f) => [f.file, f] as const)
  )('reads %s at 98% character accuracy or better', async (_, fixture) => {
    // Prepare
    const dir = `${SCANS}/degraded`;
    const truth = readFileSync(`${dir}/source/${fixture.source}`, 'utf8');
    // Act
    const decoded = await decode(
      new Uint8Array(readFileSync(`${dir}/${fixture.file}`)),
      { key: fixture.file, ocr }
    );
    // Assess
    if (!decoded.ok) throw new Error(decoded.message);
    expect(charAccuracy(decoded.text, truth)).toBeGreaterThanOrEqual(0.98);
  });
});

describe('ingest handler with OCR (dynalite + s3rver)', () => {
  let stack: LocalStack;
  let handler: ReturnType<typeof makeHandler>;

  beforeAll(async () => {
    stack = await startLocalStack();
    handler = makeHandler({
      objects: new S3ObjectSource(stack.s3, {
        derivedBucket: stack.derivedBucket,
      }),
      store: new DynamoDocumentStore(stack.db, stack.tableName),
      logger: new Logger({ serviceName: 'ingest-test', logLevel: 'SILENT' }),
      agent: 'ingest-test',
      ocr,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function ingest(key: string, bytes: Uint8Array) {
    const out = await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.rawBucket, Key: key, Body: bytes })
    );
    const response = await handler(
      sqsEvent(
        sqsRecord(
          s3Notification({
            bucket: stack.rawBucket,
            key,
            eTag: (out.ETag ?? '').replace(/"/g, ''),
            size: bytes.length,
            sequencer: nextSequencer(),
          })
        )
      )
    );
    expect(response.batchItemFailures).toEqual([]);
    const items = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: {
          ':pk': docPk(documentIdFor(stack.rawBucket, key)),
          ':sk': 'RECORD',
        },
        ConsistentRead: true,
      })
    );
    const raw = items.Items?.[0];
    const item: RecordItem | undefined = raw && decodeRecordItem(raw);
    if (!item) throw new Error(`no record item for ${key}`);
    return item.record;
  }

  it('stores a scanned letter as a record whose spans point into the stored OCR text', async () => {
    // Act
    const record = await ingest(
      'incoming/scans/letter.png',
      bytesOf('letter-kim-il-sung-1949.150dpi.png')
    );
    // Assess
    expect(record.status).toBe('ok');
    expect(record.ocr).toMatchObject({ engine: 'tesseract.js', pages: 1 });
    expect(record.ocr!.meanConfidence).toBeGreaterThan(80);
    expect(record.warnings).not.toContain('low-ocr-confidence');
    expect(record.text?.format).toBe('image');
    const text = await new S3ObjectSource(stack.s3, {
      derivedBucket: stack.derivedBucket,
    }).getDerivedText(record.text!.uri!);
    expect(record).toMatchObject({
      title: extract(text).title,
      signatories: extract(text).signatories,
    });
    expect(record.title).toBe(
      'Letter from Kim Il Sung to Shtykov on Assistance for Schools'
    );
    const span = record.provenance.title!;
    expect(text.slice(span.start, span.end)).toBe(record.title);
  });

  it.each([
    ['a blank page', 'blank.png'],
    ['a photo without text', 'photo.jpg'],
  ])(
    'records %s with low-ocr-confidence and no invented fields',
    async (_, file) => {
      // Act
      const record = await ingest(`incoming/scans/${file}`, bytesOf(file));
      // Assess
      expect(record.status).toBe('ok');
      expect(record.warnings).toContain('low-ocr-confidence');
      expect(record.ocr!.meanConfidence).toBeLessThan(60);
      expect(record).toMatchObject({
        title: null,
        date: null,
        authors: [],
        recipients: [],
        via: [],
        participants: [],
        signatories: [],
        telegram: null,
        letter: null,
        requests: [],
        summary: null,
        sources: [],
        archiveRecordId: null,
      });
    }
  );
});
