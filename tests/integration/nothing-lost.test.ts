/**
 * Nothing lost: a mixed batch of 200 objects (good pages, byte-identical
 * copies, empty, binary, over-limit, HTML), delivered in SQS batches of 10
 * with re-deliveries and out-of-order arrivals, ends as exactly one record
 * item per object, and the counts add up.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  createHarness,
  type Harness,
  type Uploaded,
} from './helpers/harness.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';

const MAX_BYTES = 64 * 1024;
const seedText = readFileSync('fixtures/pages/seed.txt', 'utf8');
const html = readFileSync('fixtures/decode/archive-page.html');

type Kind = 'good' | 'copy' | 'empty' | 'binary' | 'too-large' | 'html';
const MIX: Array<[Kind, number]> = [
  ['good', 110],
  ['copy', 30],
  ['empty', 15],
  ['binary', 20],
  ['too-large', 10],
  ['html', 15],
];

function bodyFor(kind: Kind, i: number): Uint8Array {
  switch (kind) {
    case 'good':
      return new TextEncoder().encode(`${seedText}\nCopy number ${i}.\n`);
    case 'copy':
      // the same bytes as good page i % 10, under another key
      return new TextEncoder().encode(`${seedText}\nCopy number ${i % 10}.\n`);
    case 'empty':
      return new Uint8Array(0);
    case 'binary':
      return new Uint8Array(randomBytes(2048));
    case 'too-large':
      return new Uint8Array(MAX_BYTES + 1 + i).fill(0x20);
    case 'html':
      return new Uint8Array(
        Buffer.concat([html, Buffer.from(`<!-- ${i} -->`)])
      );
  }
}

describe('ingest of a mixed batch of 200 objects', () => {
  let stack: LocalStack;
  let h: Harness;

  beforeAll(async () => {
    stack = await startLocalStack();
    h = createHarness(stack, { maxBytes: MAX_BYTES });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('ends with exactly one record per object, ok or failed, and matching counts', async () => {
    // Prepare: upload everything (good pages first, so copies come later)
    const uploads: Array<{ kind: Kind; u: Uploaded }> = [];
    let n = 0;
    for (const [kind, count] of MIX) {
      for (let i = 0; i < count; i += 1) {
        const ext =
          kind === 'html' ? 'html' : kind === 'binary' ? 'bin' : 'txt';
        const key = `incoming/batch/${kind} ${String(n).padStart(3, '0')}.${ext}`;
        uploads.push({ kind, u: await h.upload(key, bodyFor(kind, i)) });
        n += 1;
      }
    }
    expect(uploads).toHaveLength(200);
    // every 7th event is delivered twice, once in a later batch
    const redeliveries = uploads.filter((_, i) => i % 7 === 0);
    const bodies = [...uploads, ...redeliveries].map(({ u }) => h.created(u));

    // Act: SQS-style batches of 10; failed messages go back for another try
    let pending: unknown[] = bodies;
    for (let round = 0; round < 5 && pending.length > 0; round += 1) {
      const retry: unknown[] = [];
      for (let i = 0; i < pending.length; i += 10) {
        const batch = pending.slice(i, i + 10);
        const response = await h.deliver(...batch);
        for (const failure of response.batchItemFailures) {
          retry.push(
            batch[response.messageIds.indexOf(failure.itemIdentifier)]
          );
        }
      }
      pending = retry;
    }

    // Assess
    expect(pending).toEqual([]);
    const records: DocumentRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.store.listRecords({ limit: 37, cursor });
      records.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    expect(records).toHaveLength(200);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.size).toBe(200);
    for (const { kind, u } of uploads) {
      const record = byId.get(documentIdFor(u.bucket, u.key));
      expect(record, `${kind} ${u.key} has a record`).toBeDefined();
      expect(record?.source.key).toBe(u.key);
      const expected =
        kind === 'good' || kind === 'copy' || kind === 'html'
          ? { status: 'ok' }
          : {
              status: 'failed',
              failure: expect.objectContaining({
                reason:
                  kind === 'binary'
                    ? 'unsupported-format'
                    : kind === 'empty'
                      ? 'empty'
                      : 'too-large',
              }),
            };
      expect(record, u.key).toMatchObject(expected);
    }
    const count = (p: (r: DocumentRecord) => boolean) =>
      records.filter(p).length;
    expect(count((r) => r.status === 'ok')).toBe(110 + 30 + 15);
    expect(count((r) => r.status === 'failed')).toBe(15 + 20 + 10);
    expect(count((r) => r.duplicateOf !== null)).toBe(30);
    const okOnly = await h.store.listRecords({ status: 'failed', limit: 1000 });
    expect(okOnly.items).toHaveLength(45);
    const recordItems = (await h.allItems()).filter((i) => i.SK === 'RECORD');
    expect(recordItems).toHaveLength(200);
  });
});
