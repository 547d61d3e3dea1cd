import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport, writeTeiFiles } from '#cli/commands/export.ts';
import { UsageError } from '#cli/io.ts';
import { NotFoundError, TransientError } from '#shared/errors/index.ts';
import type { QueryService, RecordView } from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { bodyText, parseXml } from '../../helpers/tei.ts';
import { makeRecord } from '../query/records.ts';

const TEXT = 'Telegram from Pyongyang\n\nSent 31.8.50 11:32';

function okRecord(id: string, text = TEXT): DocumentRecord {
  return makeRecord(id, {
    title: 'Telegram from Pyongyang',
    text: {
      excerpt: text.slice(0, 10),
      length: text.length,
      uri: `s3://derived/${id}.txt`,
      format: 'txt',
      encoding: 'utf-8',
    },
    provenance: { title: { start: 0, end: 23 } },
  });
}

const failed = makeRecord('failed-0002', {
  status: 'failed',
  text: null,
  failure: {
    reason: 'needs-ocr',
    message: 'scan without a text layer',
    attempts: 1,
  },
});

/** The two reads the TEI export makes, over records and their texts. */
function fakeQuery(
  records: DocumentRecord[],
  texts: Record<string, string>
): Pick<QueryService, 'getRecordView' | 'getRecordText'> {
  const find = (id: string) => {
    const r = records.find((x) => x.id === id);
    if (!r) throw new NotFoundError(`No record with id "${id}"`);
    return r;
  };
  return {
    async getRecordView(id): Promise<RecordView> {
      const record = find(id);
      return {
        record,
        warnings: [],
        review: [],
        source: { bucket: null, key: null, uri: null, link: null },
        auditTrail: [
          {
            type: 'stored',
            at: '2026-01-02T03:04:05.000Z',
            agent: 'ingest',
            parserVersion: '0.2.0',
            outcome: 'ok',
            detail: {},
          },
        ],
        corrections: [],
        corrected: {},
        reviewed: null,
        reviewFlags: [],
      };
    },
    async getRecordText(id) {
      find(id);
      return texts[id] ?? '';
    },
  };
}

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('archive export --format tei', () => {
  it('writes one <id>.xml per record and skips, with the reason, what has no text to mark up', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'tei-export-'));
    const out = join(dir, 'tei');
    const excerptOnly = okRecord('excerpt-0003', `${TEXT} and much more text`);
    const records = [okRecord('ok-0001'), failed, excerptOnly];
    const query = fakeQuery(records, {
      'ok-0001': TEXT,
      'excerpt-0003': 'Telegram f',
    });

    // Act
    const result = await writeTeiFiles(records, query, out);

    // Assess
    expect(await readdir(out)).toEqual(['ok-0001.xml']);
    expect(result.written).toEqual([join(out, 'ok-0001.xml')]);
    const doc = parseXml(await readFile(join(out, 'ok-0001.xml'), 'utf8'));
    expect(bodyText(doc)).toBe(TEXT);
    expect(doc.getElementsByTagName('change')[0]?.getAttribute('type')).toBe(
      'stored'
    );
    expect(result.skipped).toEqual([
      {
        id: 'failed-0002',
        reason: 'not processed (needs-ocr): no text to mark up',
      },
      {
        id: 'excerpt-0003',
        reason: expect.stringMatching(
          /the text at hand has 10 characters, its decoded text 62/
        ),
      },
    ]);
  });

  it('skips an id unfit for a file name instead of writing outside the folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tei-export-'));
    const record = okRecord('../escape');
    const result = await writeTeiFiles(
      [record],
      fakeQuery([record], { '../escape': TEXT }),
      dir
    );
    expect(result.written).toEqual([]);
    expect(result.skipped).toEqual([
      { id: '../escape', reason: 'id is not a safe file name' },
    ]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops on an error that is no reason to skip (the store failing)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tei-export-'));
    const query = fakeQuery([okRecord('ok-0001')], {});
    query.getRecordText = async () => {
      throw new TransientError('throttled');
    };
    await expect(
      writeTeiFiles([okRecord('ok-0001')], query, dir)
    ).rejects.toThrow('throttled');
  });

  it('needs --out: one file per record cannot go to stdout', async () => {
    await expect(runExport({ format: 'tei' })).rejects.toThrow(UsageError);
    await expect(runExport({ format: 'tei' })).rejects.toThrow(
      '--format tei writes one file per record: give --out DIR'
    );
  });
});
