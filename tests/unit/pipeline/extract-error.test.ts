/**
 * A rule that throws is a defect: the page becomes an `extract-error`
 * failure record (nothing lost, no ok record with empty fields), the
 * handler logs it with the page's key, and `extract` says so itself.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { ExtractError, PermanentError } from '#shared/errors/index.ts';
import { extract } from '#shared/extract/index.ts';
import { classifyError } from '#shared/pipeline/classify-error.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { ingestObject } from '#shared/pipeline/ingest-object.ts';
import { DocumentRecordSchema } from '#shared/schema/record.ts';
import { loadEvent, sqsEventOf } from '../ingest/load-event.ts';
import { MemoryObjects, MemoryStore } from './fakes.ts';

// one reader of the extractor throws while `broken.on` is set
const broken = vi.hoisted(() => ({ on: false }));
vi.mock('#shared/extract/frame.ts', async (importOriginal) => {
  const real =
    await importOriginal<typeof import('#shared/extract/frame.ts')>();
  return {
    ...real,
    readFrame: (...args: Parameters<typeof real.readFrame>) => {
      if (broken.on) throw new RangeError('invented rule defect');
      return real.readFrame(...args);
    },
  };
});

const seed = readFileSync('fixtures/pages/seed.txt', 'utf8');
const clock = () => new Date('2024-05-01T12:00:00.000Z');
/** The object key of fixtures/events/s3-object-created.json, decoded. */
const KEY = 'incoming/Telegram from Kim Il Sung №600382.txt';

afterEach(() => {
  broken.on = false;
});

describe('extract when a rule throws', () => {
  it('throws an ExtractError (permanent, reason extract-error) with the cause', () => {
    // Prepare
    broken.on = true;
    // Act
    const thrown = (() => {
      try {
        extract(seed);
      } catch (error) {
        return error;
      }
      return null;
    })();
    // Assess
    expect(thrown).toBeInstanceOf(ExtractError);
    expect(thrown).toBeInstanceOf(PermanentError);
    const e = thrown as ExtractError;
    expect(e.reason).toBe('extract-error');
    expect(e.message).toMatch(/invented rule defect/);
    expect(e.cause).toBeInstanceOf(RangeError);
    expect(classifyError(e)).toBe('permanent');
  });

  it('reads the page again once the rule is fixed', () => {
    expect(extract(seed).sources.length).toBeGreaterThan(0);
  });
});

describe('ingestObject when extraction throws', () => {
  it('commits one extract-error failure record and no ok record', async () => {
    // Prepare
    broken.on = true;
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    const o = objects.put('raw', 'incoming/seed.txt', seed, 'text/plain');
    // Act
    const result = await ingestObject(o, {
      objects,
      store,
      clock,
      agent: 'unit',
    });
    // Assess
    const id = documentIdFor('raw', 'incoming/seed.txt');
    expect(result).toMatchObject({
      outcome: 'stored',
      id,
      status: 'failed',
      reason: 'extract-error',
      message: expect.stringMatching(/invented rule defect/),
    });
    expect(result.outcome === 'stored' && result.error).toBeInstanceOf(
      ExtractError
    );
    // nothing lost: exactly one record, the failure, with its source link
    expect(store.commits).toHaveLength(1);
    const commit = store.commits[0]!;
    expect(DocumentRecordSchema.safeParse(commit.record).success).toBe(true);
    expect(commit.record).toMatchObject({
      id,
      status: 'failed',
      failure: {
        reason: 'extract-error',
        message: expect.stringMatching(/invented rule defect/),
        attempts: 1,
      },
      source: {
        bucket: 'raw',
        key: 'incoming/seed.txt',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(commit.events.map((e) => [e.type, e.outcome])).toEqual([
      ['received', 'ok'],
      ['fixity', 'ok'],
      ['decoded', 'ok'],
      ['extracted', 'failed'],
    ]);
    expect(commit.finalEvent).toMatchObject({
      type: 'failed',
      detail: { reason: 'extract-error' },
    });
    expect(
      [...store.states.values()].filter((s) => s.record.status === 'ok')
    ).toEqual([]);
    // no derived text was written for a record that was not made
    expect(objects.derived.size).toBe(0);
  });
});

describe('ingest handler when extraction throws', () => {
  it('acknowledges the message and logs the error with the object key', async () => {
    // Prepare
    broken.on = true;
    const objects = new MemoryObjects();
    const store = new MemoryStore();
    objects.put('archive-raw', KEY, seed, 'text/plain');
    const logged: Array<{
      level: string;
      message: string;
      keys: Record<string, unknown>;
      extra: Record<string, unknown>;
    }> = [];
    const child = () => {
      const keys: Record<string, unknown> = {};
      const at =
        (level: string) => (message: string, extra?: Record<string, unknown>) =>
          logged.push({
            level,
            message,
            keys: { ...keys },
            extra: extra ?? {},
          });
      return {
        appendKeys: (k: Record<string, unknown>) => Object.assign(keys, k),
        info: at('info'),
        warn: at('warn'),
        error: at('error'),
      };
    };
    const logger = { createChild: child } as unknown as Logger;
    const handler = makeHandler({ objects, store, logger, clock });
    // Act
    const response = await handler(sqsEventOf(loadEvent('s3-object-created')));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      keys: {
        bucket: 'archive-raw',
        key: KEY,
        documentId: documentIdFor('archive-raw', KEY),
      },
      extra: {
        reason: 'extract-error',
        message: expect.stringMatching(/invented rule defect/),
        error: expect.any(ExtractError),
      },
    });
    expect(store.commits.map((c) => c.record.status)).toEqual(['failed']);
  });
});
