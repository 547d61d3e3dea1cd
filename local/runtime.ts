/**
 * The embedded runtime: the whole pipeline on one machine, no AWS account.
 *
 * Starts, in this process and on 127.0.0.1 only:
 * 1. dynalite (DynamoDB), persisted to `<data>/dynamodb` (LevelDB) or in
 *    memory, and the table from the one table design (`createTable`);
 * 2. s3rver (S3) on `<data>/s3` (a temporary dir for `--memory`) with the
 *    raw and derived buckets;
 * 3. the two ingest queues (local/dispatcher.ts), as in AWS: s3rver's
 *    object events, normalized to real S3 notifications, go to the text
 *    queue and the text handler (no OCR engine), which forwards a scan's
 *    message to the OCR queue and the OCR handler (tesseract.js); both
 *    are the handler Lambda runs (functions/ingest/make-handler.ts), each
 *    with its own dead-letter store;
 * 4. the HTTP server (local/http.ts) with the `/_local/*` control routes;
 * 5. the full-text index (local/text-index.ts), persisted to
 *    `<data>/search-index.json` and kept current by wrapping the store's
 *    `commit` for the handler; loaded (or rebuilt) and reconciled with the
 *    store at start when the runtime ingests, else at the first search;
 * then writes `<data>/runtime.json` so CLI commands in other processes use
 * this runtime, and reconciles (local/reconcile.ts): every object under
 * `incoming/` without a record matching its ETag is enqueued again
 * (nothing is lost when the process stopped mid-batch); `/api/*` answers
 * 503 "starting" until then.
 *
 * Before any of it, a data dir is checked writable and locked
 * (local/lock.ts: one runtime per data dir). A storage fault while running
 * (disk full, read-only) stops the runtime with one line
 * (local/storage-fault.ts, local/s3rver-store.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import type { OcrQueue } from '#functions/ingest/ocr-queue.ts';
import { PREFIXES } from '#shared/config/env.ts';
import { sharedTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { ValidationError } from '#shared/errors/index.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import { createTable } from '#shared/store/create-table.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { guardStorageServer, newSecret } from './boundary.ts';
import { localDynamoClient, localS3Client } from './clients.ts';
import {
  checkReprocessTarget,
  EmptyRequestSchema,
  EnqueueRequestSchema,
  parseControl,
  RedriveRequestSchema,
  TextSearchRequestSchema,
} from './control-messages.ts';
import { loadCursorSecret } from './cursor-secret.ts';
import {
  type DeadLetterStore,
  fileDeadLetters,
  memoryDeadLetters,
} from './dead-letters.ts';
import {
  Dispatcher,
  type DispatcherOptions,
  IngestQueues,
  type SqsHandler,
} from './dispatcher.ts';
import {
  type JsonRoute,
  type LocalHttpServer,
  startHttpServer,
} from './http.ts';
import { acquireDataDirLock } from './lock.ts';
import { recentTexts } from './recent-texts.ts';
import { reconcile, type StartupProgress } from './reconcile.ts';
import { normalizeS3rverEvent, objectCreatedEvent } from './s3-events.ts';
import { hardenS3rverStore } from './s3rver-store.ts';
import {
  removeRuntimeInfo,
  removeRuntimeInfoSync,
  writeRuntimeInfo,
} from './state-file.ts';
import {
  assertWritable,
  type StorageFaultError,
  storageFaultListener,
} from './storage-fault.ts';
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

/**
 * Records per batch of each local queue: the SQS event sources' batch
 * sizes (infra/config.ts INGEST_TEXT, INGEST_OCR; a test keeps them equal).
 */
export const LOCAL_BATCH_SIZES = { text: 10, ocr: 3 } as const;

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
  /** Replaces the text path's ingest handler (the OCR path keeps its own). */
  handler?: SqsHandler;
  /**
   * Wraps each path's ingest handler (fault injection in tests and
   * benchmarks); `path` says which.
   */
  wrapHandler?: (handler: SqsHandler, path: 'text' | 'ocr') => SqsHandler;
  /** Retry and batching knobs of both local queues. */
  queue?: Pick<
    DispatcherOptions,
    'retryDelayMs' | 'batchWindowMs' | 'maxReceiveCount' | 'concurrency'
  >;
  /** Enqueue objects without a matching record at start (default true). */
  reconcile?: boolean;
  /** One line per notable event (retries, dead letters). */
  log?: (line: string) => void;
  /** Start-up progress (reconciliation), for a progress bar. */
  onStartup?: (progress: StartupProgress) => void;
  /**
   * Keep `/api/*` answering 503 "starting" after start-up, until the
   * caller mounts its API and calls `http.setStarting(null)` (`archive up`).
   */
  holdStarting?: boolean;
  /**
   * A storage fault (disk full, read-only data dir) while running: the
   * runtime has removed `runtime.json` and its lock; the handler says so in
   * one line and stops the process (the CLI). Given, it also catches the
   * LevelDB errors dynalite throws uncaught. Without it, faults are logged.
   */
  onStorageFault?: (fault: StorageFaultError) => void;
  /**
   * The runtime ends with the command that started it: commands that
   * ingest wait for it to end rather than hand it work it would drop.
   */
  ephemeral?: boolean;
  /** Opens s3rver's object files (fault injection: ENOSPC, EROFS). */
  s3WriteStream?: (path: string) => import('node:stream').Writable;
}

export interface LocalRuntime {
  config: LocalConfig;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  store: DynamoDocumentStore;
  /** Full-text index over the decoded texts (the query service's `textIndex`). */
  textIndex: LocalTextIndex;
  /**
   * The text and OCR queues as one: enqueue (text), drain, failures and
   * redrive (both), counters.
   */
  dispatcher: IngestQueues;
  http: LocalHttpServer;
  /** Signs the query service's cursors (`<data>/cursor-secret`). */
  cursorSecret: string;
  /** Null for a `--memory` run. */
  dataDir: string | null;
  /** Keys enqueued by the start-up reconciliation. */
  reconciled: string[];
  close(): Promise<void>;
  /**
   * Removes `runtime.json` and the lock at once, for an exit that cannot
   * wait for `close` (a second Ctrl-C, a fatal fault).
   */
  releaseSync(): void;
}

/** Lists every object under a prefix (moved to local/reconcile.ts). */
export { listAllObjects } from './reconcile.ts';

/**
 * Starts the runtime. Rejects with `PortInUseError` when the HTTP port is
 * taken; closes what it started when any step fails.
 *
 * @param options data dir or memory, HTTP port, test hooks
 */
export async function startRuntime(
  options: RuntimeOptions = {}
): Promise<LocalRuntime> {
  /** Review-queue entries from before this start are a dead process's. */
  const startedAt = new Date().toISOString();
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

  let releaseSync: () => void = () => undefined;
  let faulted = false;
  // a storage fault while running: one report, then the caller stops
  const onFault = (fault: StorageFaultError) => {
    if (faulted) return;
    faulted = true;
    releaseSync();
    if (options.onStorageFault) options.onStorageFault(fault);
    else options.log?.(`storage fault: ${fault.message}`);
  };

  try {
    // 0. a data dir this runtime can write, and no other runtime on it
    if (dataDir) {
      await assertWritable([dataDir]);
      const lock = await acquireDataDirLock(dataDir);
      cleanups.push(() => lock.release());
      await assertWritable([join(dataDir, 'dynamodb'), join(dataDir, 's3')]);
      releaseSync = () => {
        removeRuntimeInfoSync(dataDir, process.pid);
        lock.releaseSync();
      };
    }
    if (options.onStorageFault) {
      // dynalite throws LevelDB's I/O errors from a callback, uncaught
      const listener = storageFaultListener(
        onFault,
        dataDir ? join(dataDir, 'dynamodb') : root
      );
      process.on('uncaughtException', listener);
      cleanups.push(async () => {
        process.off('uncaughtException', listener);
      });
    }

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
    // browsers are refused; the SDK clients (signed, own Host) get through
    guardStorageServer(dynamo, 'dynalite');
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
    // s3rver's types omit `store` (its FilesystemStore instance)
    hardenS3rverStore((s3rver as unknown as { store: unknown }).store, {
      onFault,
      ...(options.s3WriteStream
        ? { createWriteStream: options.s3WriteStream }
        : {}),
    });
    const s3Address = await s3rver.run();
    cleanups.push(() => s3rver.close());
    guardStorageServer(s3rver.httpServer as Server, 's3rver');
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
    // the handlers' object source, remembering the texts they just read
    // or wrote for the search index (no GET back per page)
    const recent = recentTexts(
      new S3ObjectSource(s3, {
        derivedBucket: config.derivedBucket,
        derivedPrefix: config.derivedPrefix,
      })
    );
    const objects = recent.objects;

    // 5. the text index (made before the queue, so it closes after it)
    const textIndex = new LocalTextIndex({
      file: dataDir ? join(dataDir, TEXT_INDEX_FILE) : null,
      source: {
        listRecords: (o) => store.listRecords(o),
        readText: (uri) => recent.readText(uri),
      },
      log: options.log,
    });
    cleanups.push(() => textIndex.close());

    // 3. queues + handlers: the text path forwards scans to the OCR path
    const deadLettersOf = (file: string): DeadLetterStore =>
      dataDir ? fileDeadLetters(join(dataDir, file)) : memoryDeadLetters();
    const logger = new Logger({
      serviceName: 'ingest',
      logLevel: (process.env.ARCHIVE_LOG_LEVEL ?? 'SILENT') as 'SILENT',
    });
    const indexed = indexingStore(store, textIndex, options.log);
    // as the Lambdas' event sources: the raw bucket's upload prefix only
    const accept = { bucket: config.rawBucket, prefix: config.uploadPrefix };
    let queues: IngestQueues | null = null;
    const ocrQueue: OcrQueue = {
      forward: async (body) => {
        if (!queues) throw new Error('The local OCR queue is not ready');
        queues.forward(body);
      },
    };
    const textHandler: SqsHandler =
      options.handler ??
      makeHandler({
        objects,
        store: indexed,
        logger,
        agent: 'ingest-local',
        accept,
        ocrQueue,
      });
    const ocrHandler: SqsHandler = makeHandler({
      objects,
      store: indexed,
      logger,
      agent: 'ingest-ocr-local',
      accept,
      // tesseract.js loads on the first scan, as in Lambda
      ocr: sharedTesseractEngine(),
    });
    const wrap = (handler: SqsHandler, path: 'text' | 'ocr') =>
      options.wrapHandler ? options.wrapHandler(handler, path) : handler;
    queues = new IngestQueues(
      new Dispatcher({
        name: 'ingest',
        handler: wrap(textHandler, 'text'),
        deadLetters: deadLettersOf('dead-letters.json'),
        batchSize: LOCAL_BATCH_SIZES.text,
        region: config.region,
        log: options.log,
        ...options.queue,
      }),
      new Dispatcher({
        name: 'ingest-ocr',
        handler: wrap(ocrHandler, 'ocr'),
        deadLetters: deadLettersOf('dead-letters-ocr.json'),
        batchSize: LOCAL_BATCH_SIZES.ocr,
        region: config.region,
        log: options.log,
        ...options.queue,
      })
    );
    const dispatcher = queues;
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
    const cursorSecret = await loadCursorSecret(dataDir);
    const http = await startHttpServer({
      port: options.httpPort ?? 0,
      webDir,
      secret: newSecret(),
      starting: { phase: 'starting' },
      health: () => ({
        pid: process.pid,
        dataDir,
        queue: { idle: dispatcher.idle, ...dispatcher.stats },
      }),
      controlRoutes: controlRoutes(dispatcher, textIndex, {
        config,
        s3,
        store,
      }),
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
        secret: http.secret,
        ephemeral: options.ephemeral ?? false,
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
      cursorSecret,
      dataDir,
      reconciled: [],
      close: cleanup,
      releaseSync: () => releaseSync(),
    };
    if (options.reconcile ?? true) {
      // an ingesting runtime loads (or rebuilds) the index now, in the
      // background; searches and commits wait for it
      textIndex.open().catch((error: unknown) => {
        options.log?.(
          `search index: could not open: ${(error as Error).message}; the next search tries again`
        );
      });
      // entries a killed run queued for review before its record was put:
      // its object is enqueued again below with a new event time, so the
      // re-run's entry has another key (earlier than this start only)
      const dropped = await store.dropUnownedQueueEntries(startedAt);
      if (dropped > 0) {
        options.log?.(
          `dropped ${dropped} review-queue entr${dropped === 1 ? 'y' : 'ies'} an earlier run left without a record`
        );
      }
      runtime.reconciled = await reconcile({
        s3,
        bucket: config.rawBucket,
        prefix: config.uploadPrefix,
        listRecords: (o) => store.listRecords(o),
        deadKeys: async () =>
          new Set(
            (await dispatcher.failures())
              .filter((l) => l.bucket === config.rawBucket && l.key)
              .map((l) => l.key as string)
          ),
        enqueue: (object) =>
          dispatcher.enqueue(
            objectCreatedEvent(
              { bucket: config.rawBucket, ...object },
              config.region
            )
          ),
        onProgress: (progress) => {
          http.setStarting({ ...progress });
          options.onStartup?.(progress);
        },
      });
      // a run killed between its record put and its clean-up left stale
      // index items, and no message is left to finish them (the queue
      // lived in memory): finish them now
      const finished = await store.finishAllPendingCleanups();
      if (finished > 0) {
        options.log?.(
          `finished the index clean-up of ${finished} record(s) an earlier run left undone`
        );
      }
    }
    if (!options.holdStarting) http.setStarting(null);
    return runtime;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * The local queue's and text index's HTTP face, for CLI commands in other
 * processes; and the source objects, downloaded through the boundary
 * (never from s3rver's origin). Bodies are validated
 * (local/control-messages.ts): a bad one is a 400.
 */
function controlRoutes(
  dispatcher: IngestQueues,
  textIndex: LocalTextIndex,
  deps: { config: LocalConfig; s3: S3Client; store: DynamoDocumentStore }
): Record<string, JsonRoute> {
  const { config } = deps;
  return {
    'POST /_local/enqueue': async ({ body }) => {
      const { messages } = parseControl(EnqueueRequestSchema, body, 'enqueue');
      checkReprocessTarget(messages, {
        bucket: config.rawBucket,
        prefix: config.uploadPrefix,
      });
      const ids = messages.map((m) => dispatcher.enqueue(m));
      return { status: 202, body: { enqueued: ids.length, messageIds: ids } };
    },
    'POST /_local/drain': async ({ body }) => {
      parseControl(EmptyRequestSchema, body, 'drain');
      await dispatcher.drain();
      // a command that ingested and ends now: what it stored is on disk
      await textIndex.flush();
      return { status: 200, body: { idle: true, ...dispatcher.stats } };
    },
    'POST /_local/text-search': async ({ body }) => {
      const request = parseControl(
        TextSearchRequestSchema,
        body,
        'text-search'
      );
      if ('ids' in request) {
        return {
          status: 200,
          body: {
            snippets: await textIndex.snippets(request.query, request.ids),
          },
        };
      }
      if (request.idsOnly === true) {
        return {
          status: 200,
          body: { ids: await textIndex.matchIds(request.query, request.limit) },
        };
      }
      return {
        status: 200,
        body: { hits: await textIndex.search(request.query, request.limit) },
      };
    },
    // the queue's counters, for progress bars of commands that wait on it
    'GET /_local/queue': async () => ({
      status: 200,
      body: { idle: dispatcher.idle, ...dispatcher.stats },
    }),
    'GET /_local/failures': async () => ({
      status: 200,
      body: { failures: await dispatcher.failures() },
    }),
    'POST /_local/redrive': async ({ body }) => {
      const { ids } = parseControl(RedriveRequestSchema, body, 'redrive');
      const redriven = await dispatcher.redrive(ids);
      return { status: 200, body: { redriven } };
    },
    'GET /_local/source/*': async ({ path }) => {
      const download = await sourceDownload(deps, path);
      return download
        ? { status: 200, download }
        : { status: 404, body: { message: `No source object at ${path}` } };
    },
  };
}

/** Path of a record's source download: `/_local/source/<document id>`. */
export const SOURCE_ROUTE = '/_local/source/';

/**
 * The bytes of a record's source object, when it is in the raw bucket's
 * upload prefix; null when the record or the object is not there.
 */
async function sourceDownload(
  deps: { config: LocalConfig; s3: S3Client; store: DynamoDocumentStore },
  path: string
): Promise<{ bytes: Buffer; filename: string } | null> {
  let id: string;
  try {
    id = decodeURIComponent(path.slice(SOURCE_ROUTE.length));
  } catch {
    throw new ValidationError('source: the record id is not URL-encoded');
  }
  const record = await deps.store.getRecord(id);
  const { bucket, key, versionId } = record?.source ?? {};
  if (
    !record ||
    record.source.deleted ||
    bucket !== deps.config.rawBucket ||
    !key?.startsWith(deps.config.uploadPrefix)
  ) {
    return null;
  }
  try {
    const out = await deps.s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      })
    );
    const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    return { bytes, filename: key.split('/').at(-1) ?? 'source' };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}
