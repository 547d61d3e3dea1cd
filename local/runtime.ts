/**
 * The embedded runtime: the whole pipeline on one machine, no AWS account.
 *
 * Starts, in this process and on 127.0.0.1 only:
 * 1. dynalite (DynamoDB), persisted to `<data>/dynamodb` (LevelDB) or in
 *    memory, and the table from the one table design (`createTable`);
 * 2. s3rver (S3) on `<data>/s3` (a temporary dir for `--memory`) with the
 *    raw and derived buckets;
 * 3. the dispatcher (local/dispatcher.ts), which feeds s3rver's object
 *    events, normalized to real S3 notifications, to the same ingest
 *    handler Lambda runs (functions/ingest/make-handler.ts);
 * 4. the HTTP server (local/http.ts) with the `/_local/*` control routes;
 * 5. the full-text index (local/text-index.ts), persisted to
 *    `<data>/search-index.json` and kept current by wrapping the store's
 *    `commit` for the handler; loaded (or rebuilt) and reconciled with the
 *    store at start when the runtime ingests, else at the first search;
 * then writes `<data>/runtime.json` so CLI commands in other processes use
 * this runtime, and reconciles: every object under `incoming/` without a
 * record matching its ETag is enqueued again (nothing is lost when the
 * process stopped mid-batch).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { PREFIXES } from '#shared/config/env.ts';
import { sharedTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { ValidationError } from '#shared/errors/index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import { createTable } from '#shared/store/create-table.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { localDynamoClient, localS3Client } from './clients.ts';
import {
  type DeadLetterStore,
  fileDeadLetters,
  memoryDeadLetters,
} from './dead-letters.ts';
import {
  Dispatcher,
  type DispatcherOptions,
  type SqsHandler,
} from './dispatcher.ts';
import { type LocalHttpServer, startHttpServer } from './http.ts';
import { normalizeS3rverEvent, objectCreatedEvent } from './s3-events.ts';
import { removeRuntimeInfo, writeRuntimeInfo } from './state-file.ts';
import {
  indexingStore,
  LocalTextIndex,
  TEXT_INDEX_FILE,
} from './text-index.ts';

export const DEFAULT_DATA_DIR = '.archive';
export const DEFAULT_HTTP_PORT = 3000;

/** Names of the local resources (fixed: one runtime per data dir). */
export const LOCAL_NAMES = {
  region: 'us-east-1',
  rawBucket: 'archive-raw',
  derivedBucket: 'archive-derived',
  tableName: 'archive-records',
  uploadPrefix: PREFIXES.upload,
  derivedPrefix: PREFIXES.derivedText,
} as const;

export interface LocalConfig {
  region: string;
  rawBucket: string;
  derivedBucket: string;
  tableName: string;
  uploadPrefix: string;
  derivedPrefix: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
}

export interface RuntimeOptions {
  /** Where data persists (default `.archive`); ignored with `memory`. */
  dataDir?: string;
  /** Throwaway run: in-memory DynamoDB, temporary S3 dir, removed on close. */
  memory?: boolean;
  /** HTTP port (default 0: a free one; `archive up` passes 3000). */
  httpPort?: number;
  /** Static web page root (default `web/` when it has an index.html). */
  webDir?: string | null;
  /** Replaces the ingest handler. */
  handler?: SqsHandler;
  /** Wraps the ingest handler (fault injection in tests and benchmarks). */
  wrapHandler?: (handler: SqsHandler) => SqsHandler;
  /** Retry and batching knobs of the local queue. */
  queue?: Pick<
    DispatcherOptions,
    'retryDelayMs' | 'batchWindowMs' | 'maxReceiveCount' | 'concurrency'
  >;
  /** Enqueue objects without a matching record at start (default true). */
  reconcile?: boolean;
  /** One line per notable event (retries, dead letters). */
  log?: (line: string) => void;
}

export interface LocalRuntime {
  config: LocalConfig;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  store: DynamoDocumentStore;
  /** Full-text index over the decoded texts (the query service's `textIndex`). */
  textIndex: LocalTextIndex;
  dispatcher: Dispatcher;
  http: LocalHttpServer;
  /** Null for a `--memory` run. */
  dataDir: string | null;
  /** Keys enqueued by the start-up reconciliation. */
  reconciled: string[];
  close(): Promise<void>;
}

/**
 * Lists every object under `prefix`, paging with StartAfter instead of
 * continuation tokens: s3rver encrypts those with DES, which Node 20's
 * OpenSSL 3 refuses without `--openssl-legacy-provider`.
 */
export async function listAllObjects(
  s3: S3Client,
  bucket: string,
  prefix: string
): Promise<{ key: string; size: number; eTag: string }[]> {
  const objects: { key: string; size: number; eTag: string }[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        StartAfter: startAfter,
        MaxKeys: 1000,
      })
    );
    for (const o of out.Contents ?? []) {
      if (!o.Key) continue;
      objects.push({ key: o.Key, size: o.Size ?? 0, eTag: o.ETag ?? '' });
    }
    const last = out.Contents?.at(-1)?.Key;
    if (!out.IsTruncated || !last) return objects;
    startAfter = last;
  }
}

const unquote = (etag: string | null | undefined) =>
  (etag ?? '').replace(/^"|"$/g, '');

/**
 * Starts the runtime. Rejects with `PortInUseError` when the HTTP port is
 * taken; closes what it started when any step fails.
 *
 * @param options data dir or memory, HTTP port, test hooks
 */
export async function startRuntime(
  options: RuntimeOptions = {}
): Promise<LocalRuntime> {
  const memory = options.memory ?? false;
  const dataDir = memory ? null : resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const scratch = memory ? await mkdtemp(join(tmpdir(), 'archive-')) : null;
  const root = dataDir ?? scratch!;
  const cleanups: (() => Promise<unknown>)[] = [];
  // runs once, newest step first; a failing step does not stop the others
  const cleanup = async () => {
    const steps = cleanups.splice(0).reverse();
    for (const step of steps) {
      await step().catch(() => undefined);
    }
  };

  try {
    // 1. DynamoDB
    if (dataDir) await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    const dynamo = dynalite({
      ...(dataDir ? { path: join(dataDir, 'dynamodb') } : {}),
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    await new Promise<void>((ok, fail) => {
      dynamo.once('error', fail);
      dynamo.listen(0, '127.0.0.1', () => ok());
    });
    cleanups.push(() => new Promise<void>((ok) => dynamo.close(() => ok())));
    const dynamoAddress = dynamo.address();
    const dynamoPort =
      typeof dynamoAddress === 'object' && dynamoAddress
        ? dynamoAddress.port
        : 0;

    // 2. S3
    const s3Dir = join(root, 's3');
    await mkdir(s3Dir, { recursive: true });
    const s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [
        { name: LOCAL_NAMES.rawBucket },
        { name: LOCAL_NAMES.derivedBucket },
      ],
    });
    const s3Address = await s3rver.run();
    cleanups.push(() => s3rver.close());
    if (scratch) {
      cleanups.unshift(() => rm(scratch, { recursive: true, force: true }));
    }

    const config: LocalConfig = {
      ...LOCAL_NAMES,
      s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
      dynamodbEndpoint: `http://127.0.0.1:${dynamoPort}`,
    };
    const endpoints = {
      s3: config.s3Endpoint,
      dynamodb: config.dynamodbEndpoint,
      region: config.region,
    };
    const s3 = localS3Client(endpoints);
    const dynamodb = localDynamoClient(endpoints);
    cleanups.push(async () => {
      s3.destroy();
      dynamodb.destroy();
    });
    await createTable(dynamodb, config.tableName);
    const store = new DynamoDocumentStore(
      createDocumentClient(dynamodb),
      config.tableName
    );
    const objects = new S3ObjectSource(s3, {
      derivedBucket: config.derivedBucket,
      derivedPrefix: config.derivedPrefix,
    });

    // 5. the text index (made before the queue, so it closes after it)
    const textIndex = new LocalTextIndex({
      file: dataDir ? join(dataDir, TEXT_INDEX_FILE) : null,
      source: {
        listRecords: (o) => store.listRecords(o),
        readText: (uri) => objects.getDerivedText(uri),
      },
      log: options.log,
    });
    cleanups.push(() => textIndex.close());

    // 3. queue + handler
    const deadLetters: DeadLetterStore = dataDir
      ? fileDeadLetters(join(dataDir, 'dead-letters.json'))
      : memoryDeadLetters();
    const baseHandler: SqsHandler =
      options.handler ??
      makeHandler({
        objects,
        store: indexingStore(store, textIndex, options.log),
        logger: new Logger({
          serviceName: 'ingest',
          logLevel: (process.env.ARCHIVE_LOG_LEVEL ?? 'SILENT') as 'SILENT',
        }),
        agent: 'ingest-local',
        // scans are read by OCR, as in Lambda (tesseract.js loads lazily)
        ocr: sharedTesseractEngine(),
      });
    const handler = options.wrapHandler
      ? options.wrapHandler(baseHandler)
      : baseHandler;
    const dispatcher = new Dispatcher({
      handler,
      deadLetters,
      region: config.region,
      log: options.log,
      ...options.queue,
    });
    cleanups.push(() => dispatcher.close());
    s3rver.on('event', (event) => {
      const normalized = normalizeS3rverEvent(event, {
        bucket: config.rawBucket,
        prefix: config.uploadPrefix,
        region: config.region,
      });
      if (normalized) dispatcher.enqueue(normalized);
    });

    // 4. HTTP
    const webDir =
      options.webDir === undefined
        ? existsSync(join('web', 'index.html'))
          ? 'web'
          : null
        : options.webDir;
    const http = await startHttpServer({
      port: options.httpPort ?? 0,
      webDir,
      health: () => ({
        pid: process.pid,
        dataDir,
        queue: { idle: dispatcher.idle, ...dispatcher.stats },
      }),
      controlRoutes: controlRoutes(dispatcher, textIndex),
    });
    cleanups.push(() => http.close());

    if (dataDir) {
      await writeRuntimeInfo(dataDir, {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        region: config.region,
        s3Endpoint: config.s3Endpoint,
        dynamodbEndpoint: config.dynamodbEndpoint,
        httpUrl: http.url,
        rawBucket: config.rawBucket,
        derivedBucket: config.derivedBucket,
        tableName: config.tableName,
        uploadPrefix: config.uploadPrefix,
      });
      cleanups.push(() => removeRuntimeInfo(dataDir, process.pid));
    }

    const runtime: LocalRuntime = {
      config,
      s3,
      dynamodb,
      store,
      textIndex,
      dispatcher,
      http,
      dataDir,
      reconciled: [],
      close: cleanup,
    };
    if (options.reconcile ?? true) {
      // an ingesting runtime loads (or rebuilds) the index now, in the
      // background; searches and commits wait for it
      textIndex.open().catch((error: unknown) => {
        options.log?.(
          `search index: could not open: ${(error as Error).message}; the next search tries again`
        );
      });
      runtime.reconciled = await reconcile(runtime, deadLetters);
    }
    return runtime;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Enqueues every object under the upload prefix whose record is missing or
 * was made from other bytes (ETag differs), except objects waiting in the
 * dead-letter store (they wait for `archive redrive`).
 */
async function reconcile(
  runtime: LocalRuntime,
  deadLetters: DeadLetterStore
): Promise<string[]> {
  const { config, s3, store, dispatcher } = runtime;
  const dead = new Set(
    (await deadLetters.list()).map((l) => `${l.bucket}/${l.key}`)
  );
  const enqueued: string[] = [];
  for (const object of await listAllObjects(
    s3,
    config.rawBucket,
    config.uploadPrefix
  )) {
    if (dead.has(`${config.rawBucket}/${object.key}`)) continue;
    const record = await store.getRecord(
      documentIdFor(config.rawBucket, object.key)
    );
    if (record && unquote(record.source.etag) === unquote(object.eTag)) {
      continue;
    }
    dispatcher.enqueue(
      objectCreatedEvent({ bucket: config.rawBucket, ...object }, config.region)
    );
    enqueued.push(object.key);
  }
  return enqueued;
}

/**
 * The local queue's and text index's HTTP face, for CLI commands in other
 * processes.
 */
function controlRoutes(dispatcher: Dispatcher, textIndex: LocalTextIndex) {
  return {
    'POST /_local/enqueue': async ({ body }: { body: unknown }) => {
      const messages = (body as { messages?: unknown } | null)?.messages;
      if (!Array.isArray(messages)) {
        return {
          status: 400,
          body: { message: 'messages: expected an array' },
        };
      }
      const ids = messages.map((m) => dispatcher.enqueue(m as object));
      return { status: 202, body: { enqueued: ids.length, messageIds: ids } };
    },
    'POST /_local/drain': async () => {
      await dispatcher.drain();
      // a command that ingested and ends now: what it stored is on disk
      await textIndex.flush();
      return { status: 200, body: { idle: true, ...dispatcher.stats } };
    },
    'POST /_local/text-search': async ({ body }: { body: unknown }) => {
      // { query, limit }: hits with snippets; { query, limit, idsOnly }:
      // every matching id; { query, ids }: snippets of those records
      const { query, limit, idsOnly, ids } = (body ?? {}) as {
        query?: unknown;
        limit?: unknown;
        idsOnly?: unknown;
        ids?: unknown;
      };
      const idList =
        Array.isArray(ids) &&
        ids.length <= 1000 &&
        ids.every((id) => typeof id === 'string')
          ? (ids as string[])
          : null;
      if (
        typeof query !== 'string' ||
        (typeof limit !== 'number' && idList === null)
      ) {
        return {
          status: 400,
          body: {
            message:
              'expected { query: string, limit: number, idsOnly?: true } or { query: string, ids: string[] (at most 1000) }',
          },
        };
      }
      try {
        if (idList) {
          return {
            status: 200,
            body: { snippets: await textIndex.snippets(query, idList) },
          };
        }
        if (idsOnly === true) {
          return {
            status: 200,
            body: { ids: await textIndex.matchIds(query, limit as number) },
          };
        }
        return {
          status: 200,
          body: { hits: await textIndex.search(query, limit as number) },
        };
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return { status: 400, body: { message: error.message } };
      }
    },
    'GET /_local/failures': async () => ({
      status: 200,
      body: { failures: await dispatcher.failures() },
    }),
    'POST /_local/redrive': async ({ body }: { body: unknown }) => {
      const ids = (body as { ids?: unknown } | null)?.ids;
      const redriven = await dispatcher.redrive(
        Array.isArray(ids) ? ids.map(String) : undefined
      );
      return { status: 200, body: { redriven } };
    },
  };
}
