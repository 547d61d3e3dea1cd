/**
 * The `archive` commands against the embedded runtime, called in-process
 * (fast); cli-spawn.test.ts proves the real entry point.
 */
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '#cli/commands/export.ts';
import { type FailureItem, runFailures } from '#cli/commands/failures.ts';
import { runGet } from '#cli/commands/get.ts';
import { runQuery } from '#cli/commands/query.ts';
import { runRedrive } from '#cli/commands/redrive.ts';
import { runReprocess } from '#cli/commands/reprocess.ts';
import { runUp } from '#cli/commands/up.ts';
import { runUpload } from '#cli/commands/upload.ts';
import { LOCAL_NAMES, startRuntime } from '#local/runtime.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { parseXmlElements } from '../unit/query/xml-check.ts';
import { captureIo, parseJsonl } from './cli-helpers.ts';

const FIXTURES = 'fixtures/pages';
const idOf = (key: string) => documentIdFor(LOCAL_NAMES.rawBucket, key);

let root: string;
let fixtureCount: number;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-cli-'));
  fixtureCount = (await readdir(FIXTURES)).filter(
    (n) => !n.startsWith('.')
  ).length;
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('archive up, query, get, export (one data dir)', () => {
  let data: string;
  beforeAll(() => {
    data = join(root, 'up');
  });

  it('up --once ingests every sample page, then a second up ingests nothing new', async () => {
    // Act
    const first = captureIo();
    const firstCode = await runUp({ data, once: true, port: 0 }, first.io);
    const second = captureIo();
    const secondCode = await runUp({ data, once: true, port: 0 }, second.io);

    // Assess
    expect(firstCode).toBe(0);
    expect(first.stdout()).toContain(
      `Pages processed ${fixtureCount}: ${fixtureCount} ok, 0 failed`
    );
    expect(secondCode).toBe(0);
    expect(second.stdout()).toContain(
      `Nothing new: ${fixtureCount} page(s) already ingested`
    );
    expect(second.stdout()).not.toContain('uploaded ');
  });

  it('query --person "Kim Il Sung" --jsonl returns the seed page record', async () => {
    // Act
    const { io, stdout } = captureIo();
    await runQuery({ data, person: 'Kim Il Sung', jsonl: true }, io);

    // Assess
    const records = parseJsonl<DocumentRecord>(stdout());
    const seed = records.find((r) => r.id === idOf('incoming/seed.txt'));
    expect(seed?.telegram?.number).toBe('600382/sh');
    expect(seed?.authors).toContain('Kim Il Sung');
    const dates = records.map((r) => r.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('query --person Filippov finds the telegrams that identify Filippov as Stalin', async () => {
    // Act
    const { io, stdout } = captureIo();
    await runQuery({ data, person: 'filippov', jsonl: true }, io);

    // Assess
    const ids = parseJsonl<DocumentRecord>(stdout()).map((r) => r.id);
    expect(ids).toContain(idOf('incoming/telegram-filippov-1951.txt'));
    expect(ids).not.toContain(idOf('incoming/letter-kim-il-sung-1949.txt'));
  });

  it('get prints the record with warnings and its audit trail', async () => {
    // Act
    const { io, stdout } = captureIo();
    await runGet(idOf('incoming/seed.txt'), { data }, io);
    const json = captureIo();
    await runGet(idOf('incoming/seed.txt'), { data, json: true }, json.io);

    // Assess
    expect(stdout()).toContain('600382/sh');
    expect(stdout()).toMatch(/Audit trail:[\s\S]*stored/);
    const view = JSON.parse(json.stdout());
    expect(view.source.key).toBe('incoming/seed.txt');
    expect(view.auditTrail.map((e: { type: string }) => e.type)).toContain(
      'stored'
    );
  });

  it('export --format dublin-core is XML with one record per document', async () => {
    // Prepare
    const out = join(root, 'export.xml');

    // Act
    await runExport({ data, format: 'dublin-core', out }, captureIo().io);
    const xml = await readFile(out, 'utf8');

    // Assess
    const elements = parseXmlElements(xml);
    expect(elements.filter((e) => e === 'oai_dc:dc')).toHaveLength(
      fixtureCount
    );
    expect(xml).toContain(
      '<dc:title>Telegram from Kim Il Sung to Stalin (via Shtykov)</dc:title>'
    );
  });

  it('export --json prints every record as one JSON array', async () => {
    // Act
    const { io, stdout } = captureIo();
    const code = await runExport({ data, json: true }, io);

    // Assess
    expect(code).toBe(0);
    const records = JSON.parse(stdout()) as DocumentRecord[];
    expect(records).toHaveLength(fixtureCount);
  });

  it('reprocess --all re-runs every stored source through the queue', async () => {
    // Act
    const { io, stdout } = captureIo();
    const code = await runReprocess({ data, all: true }, io);

    // Assess
    expect(code).toBe(0);
    expect(stdout()).toContain(`Enqueued ${fixtureCount} reprocess message(s)`);
    expect(stdout()).toContain(
      `reprocessed ${fixtureCount}: ${fixtureCount} re-extracted (${fixtureCount} ok, 0 failed), 0 unchanged, 0 skipped`
    );
    const view = captureIo();
    await runGet(idOf('incoming/seed.txt'), { data, json: true }, view.io);
    const stored = JSON.parse(view.stdout()).auditTrail.filter(
      (e: { type: string }) => e.type === 'stored'
    );
    expect(stored.length).toBeGreaterThanOrEqual(2);
  });
});

describe('archive upload', () => {
  it('uploads nothing the second time and says so', async () => {
    // Prepare
    const data = join(root, 'twice');

    // Act
    const first = captureIo();
    await runUpload([FIXTURES], { data }, first.io);
    const second = captureIo();
    const code = await runUpload([FIXTURES], { data }, second.io);

    // Assess
    expect(first.stdout()).toContain(`Uploaded ${fixtureCount} file(s)`);
    expect(code).toBe(0);
    expect(second.stdout()).toContain(
      `Nothing to upload: all ${fixtureCount} file(s) unchanged.`
    );
  });

  it('ingests the good pages of a folder with bad files and records the bad ones as failures', async () => {
    // Prepare
    const data = join(root, 'bad');
    const folder = join(root, 'mixed');
    await mkdir(folder, { recursive: true });
    await copyFile(join(FIXTURES, 'seed.txt'), join(folder, 'seed.txt'));
    await copyFile('fixtures/bad/empty.txt', join(folder, 'empty.txt'));
    await copyFile('fixtures/bad/random.bin', join(folder, 'random.bin'));

    // Act
    const upload = captureIo();
    const code = await runUpload([folder], { data }, upload.io);
    const failures = captureIo();
    await runFailures({ data, jsonl: true }, failures.io);

    // Assess
    expect(code).toBe(0);
    expect(upload.stdout()).toContain('ingested 3: 1 ok, 2 failed');
    const items = parseJsonl<FailureItem>(failures.stdout());
    expect(
      items.map((i) => [i.kind, i.key, i.reason.split(':')[0]]).sort()
    ).toEqual([
      ['failure-record', 'incoming/empty.txt', 'empty'],
      ['failure-record', 'incoming/random.bin', 'unsupported-format'],
    ]);
    const query = captureIo();
    await runQuery({ data, person: 'Kim Il Sung', jsonl: true }, query.io);
    expect(parseJsonl<DocumentRecord>(query.stdout()).map((r) => r.id)).toEqual(
      [idOf('incoming/seed.txt')]
    );
  });
});

describe('archive failures and redrive', () => {
  it('dead-letters a message that keeps failing and redrive ingests it once fixed', async () => {
    // Prepare: a running runtime whose handler fails one key while `broken`
    const data = join(root, 'dlq');
    const folder = join(root, 'dlq-pages');
    await mkdir(folder, { recursive: true });
    await copyFile(join(FIXTURES, 'seed.txt'), join(folder, 'seed.txt'));
    await copyFile(
      join(FIXTURES, 'telegram-feng-xi-1950.txt'),
      join(folder, 'flaky.txt')
    );
    let broken = true;
    const runtime = await startRuntime({
      dataDir: data,
      queue: { retryDelayMs: () => 1 },
      wrapHandler: (handler) => async (event, context) => {
        const failing = event.Records.filter(
          (r) => broken && r.body.includes('flaky.txt')
        );
        const rest = event.Records.filter((r) => !failing.includes(r));
        const response: SQSBatchResponse = rest.length
          ? ((await handler({ Records: rest }, context)) ?? {
              batchItemFailures: [],
            })
          : { batchItemFailures: [] };
        return {
          batchItemFailures: [
            ...response.batchItemFailures,
            ...failing.map((r) => ({ itemIdentifier: r.messageId })),
          ],
        };
      },
    });
    try {
      // Act 1: upload through the running runtime (commands attach to it)
      const upload = captureIo();
      await runUpload([folder], { data }, upload.io);
      const failures = captureIo();
      await runFailures({ data, jsonl: true }, failures.io);

      // Assess 1
      expect(upload.stdout()).toContain(
        'ingested 2: 1 ok, 0 failed, 1 dead-lettered'
      );
      const dead = parseJsonl<FailureItem>(failures.stdout());
      expect(dead).toMatchObject([
        { kind: 'dead-letter', key: 'incoming/flaky.txt', attempts: 5 },
      ]);
      expect(
        await runtime.store.getRecord(idOf('incoming/flaky.txt'))
      ).toBeNull();

      // Act 2: the cause is fixed; redrive
      broken = false;
      const redrive = captureIo();
      const code = await runRedrive([], { data }, redrive.io);
      const after = captureIo();
      await runFailures({ data, jsonl: true }, after.io);

      // Assess 2
      expect(code).toBe(0);
      expect(redrive.stdout()).toContain('redriven 1: 1 ok');
      const record = await runtime.store.getRecord(idOf('incoming/flaky.txt'));
      expect(record?.status).toBe('ok');
      expect(after.stdout()).toBe('');
    } finally {
      await runtime.close();
    }
  });

  it('a restart enqueues objects left without a record', async () => {
    // Prepare: an object stored while no handler could process it
    const data = join(root, 'restart');
    const first = await startRuntime({
      dataDir: data,
      wrapHandler: () => async () => {
        throw new Error('process stopped mid-batch');
      },
      queue: { maxReceiveCount: 1000, retryDelayMs: () => 60_000 },
    });
    await first.s3.send(
      new PutObjectCommand({
        Bucket: first.config.rawBucket,
        Key: 'incoming/lost.txt',
        Body: 'Skip to content\n\nJune 1, 1950\n\nLetter from Kim Il Sung to Shtykov\n',
      })
    );
    expect(first.dispatcher.idle).toBe(false);
    await first.close();

    // Act
    const second = await startRuntime({ dataDir: data });
    try {
      await second.dispatcher.drain();

      // Assess
      expect(second.reconciled).toEqual(['incoming/lost.txt']);
      const record = await second.store.getRecord(idOf('incoming/lost.txt'));
      expect(record?.status).toBe('ok');
    } finally {
      await second.close();
    }
  });
});

describe('archive up without --once', () => {
  it('serves the health check until stopped, then closes', async () => {
    // Prepare
    const { io, stdout } = captureIo();
    let stop!: () => void;
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });

    // Act
    const running = runUp({ memory: true, port: 0, until }, io);
    let ended = false;
    void running.finally(() => {
      ended = true;
    });
    let url: string | undefined;
    let secret = '';
    while (!url && !ended) {
      const printed =
        /Serving on (http:\/\/127\.0\.0\.1:\d+)\/\?s=([\w-]+)/.exec(stdout());
      url = printed?.[1];
      secret = printed?.[2] ?? '';
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(url, stdout()).toBeDefined();
    const health = await (
      await fetch(`${url}/api/health`, {
        headers: { 'x-archive-secret': secret },
      })
    ).json();
    stop();
    const code = await running;

    // Assess
    expect(health).toMatchObject({ status: 'ok', queue: { idle: true } });
    expect(code).toBe(0);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});

describe('archive up on a taken port', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((ok) => blocker.close(() => ok())));

  it('fails with the one-line port message', async () => {
    // Act + Assess
    await expect(
      runUp({ memory: true, once: true, port }, captureIo().io)
    ).rejects.toThrow(`port ${port} is in use; pass --port N`);
  });
});
