/**
 * Where a command works: the embedded runtime (`--local`, the default when
 * no AWS target is configured) or AWS (`--bucket/--table/--queue-url`, or
 * ARCHIVE_BUCKET / ARCHIVE_TABLE / ARCHIVE_QUEUE_URL / ARCHIVE_DLQ_URL;
 * `archive reprocess` also finds the backfill state machine: --backfill-arn,
 * ARCHIVE_BACKFILL_ARN or cdk-outputs.json, docs/BACKFILL.md).
 *
 * Locally there are two cases: a runtime already runs on the data dir
 * (`archive up` in another terminal; found through `<data>/runtime.json`)
 * and the command talks to its servers and its queue over HTTP; or none
 * does and the command starts one in-process for its own duration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Command } from 'commander';
import { presignedSourceLink } from '#functions/query/source-link.ts';
import { secretHeaders } from '#local/boundary.ts';
import { localDynamoClient, localS3Client } from '#local/clients.ts';
import { loadCursorSecret } from '#local/cursor-secret.ts';
import type { DeadLetter } from '#local/dead-letters.ts';
import { describeMessageTarget } from '#local/dispatcher.ts';
import { DataDirLockedError } from '#local/lock.ts';
import {
  DEFAULT_DATA_DIR,
  LOCAL_NAMES,
  type LocalRuntime,
  type RuntimeOptions,
  SOURCE_ROUTE,
  startRuntime,
} from '#local/runtime.ts';
import {
  findRunningRuntime,
  type RuntimeInfo,
  readRuntimeInfo,
} from '#local/state-file.ts';
import {
  type BackfillInput,
  type BackfillRun,
  executionArnOf,
  runFrom,
} from '#shared/backfill/index.ts';
import {
  createQueryService,
  type QueryService,
  type Snippet,
  type TextHit,
  type TextIndex,
} from '#shared/query/index.ts';
import { parseTextQuery } from '#shared/query/text-search.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { readS3Text } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import {
  exitOnStorageFault,
  isUnreachable,
  UnreachableError,
  UsageError,
} from './io.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TargetFlags {
  local?: boolean;
  data?: string;
  memory?: boolean;
  bucket?: string;
  table?: string;
  queueUrl?: string;
  dlqUrl?: string;
  /** The OCR ingest queue (its dead letters are listed and redriven too). */
  ocrQueueUrl?: string;
  region?: string;
  /** The backfill state machine (`archive reprocess` in AWS). */
  backfillArn?: string;
}

/** Adds the target options every command shares. */
export function addTargetOptions(command: Command): Command {
  return command
    .option(
      '--local',
      'use the embedded runtime (default without an AWS target)'
    )
    .option('--data <dir>', 'embedded runtime data dir', DEFAULT_DATA_DIR)
    .option('--memory', 'embedded runtime with throwaway in-memory data')
    .option('--bucket <name>', 'AWS raw bucket (env ARCHIVE_BUCKET)')
    .option('--table <name>', 'AWS table (env ARCHIVE_TABLE)')
    .option('--queue-url <url>', 'AWS ingest queue URL (env ARCHIVE_QUEUE_URL)')
    .option(
      '--dlq-url <url>',
      'AWS dead-letter queue URL (env ARCHIVE_DLQ_URL; default: from the queue redrive policy)'
    )
    .option(
      '--ocr-queue-url <url>',
      'AWS OCR ingest queue URL (env ARCHIVE_OCR_QUEUE_URL; default: the ingest queue name with -ocr, as the stack names it)'
    )
    .option('--region <region>', 'AWS region (default: the SDK chain)');
}

/** What a queue reports after work settles (local only). */
export interface QueueStats {
  enqueued: number;
  succeeded: number;
  retried: number;
  deadLettered: number;
}

export interface Target {
  kind: 'local' | 'aws';
  /** For messages: "embedded runtime on .archive", "AWS table X". */
  label: string;
  s3: S3Client;
  store: DynamoDocumentStore;
  query: QueryService;
  rawBucket(): string;
  uploadPrefix: string;
  /** Sends messages (S3 events or reprocess requests) to the ingest queue. */
  enqueue(messages: readonly object[]): Promise<number>;
  failures(): Promise<DeadLetter[]>;
  /** Replays dead letters; returns the ids moved (AWS: the task handle). */
  redrive(ids?: readonly string[]): Promise<string[]>;
  /**
   * Waits until queued work is done (local); AWS returns null at once.
   * `signal` stops waiting (the work goes on).
   */
  settle(signal?: AbortSignal): Promise<QueueStats | null>;
  /** The local queue's counters now, for progress bars (AWS: null). */
  queueStats(): Promise<(QueueStats & { idle: boolean }) | null>;
  /**
   * A runtime in another process (`archive up`): work this command leaves
   * queued goes on there after it ends.
   */
  attached: boolean;
  /**
   * Ctrl-C: stops taking queued work and waits for the batches in flight.
   * An in-process runtime hands the queued rest back (the next start's
   * reconciliation finds it); a runtime in another process goes on.
   */
  stopIngesting(): Promise<void>;
  /** Removes `runtime.json` and the lock of an in-process runtime at once. */
  releaseSync(): void;
  close(): Promise<void>;
  /** The records table, for scans (the local backfill, dry runs). */
  table: { db: DynamoDBDocumentClient; name: string };
  /**
   * AWS: the backfill state machine that runs `reprocess` in AWS (null
   * when none is named or found in cdk-outputs.json); local: null.
   */
  backfill: CloudBackfill | null;
}

/** The backfill state machine of an AWS target (docs/BACKFILL.md). */
export interface CloudBackfill {
  stateMachineArn: string;
  /** Items in the table (DescribeTable, about 6 h old); null when refused. */
  tableItemCount(): Promise<number | null>;
  /** Starts a run; answers its execution ARN. */
  start(name: string, input: BackfillInput): Promise<string>;
  /** A run by execution name or ARN: status, segments, counts. */
  describe(id: string): Promise<BackfillRun>;
}

/** The stack output holding the backfill state machine's ARN. */
export const BACKFILL_OUTPUT = 'BackfillStateMachineArn';

/**
 * The backfill state machine in `cdk deploy --outputs-file` output: the
 * `BackfillStateMachineArn` of the stack whose outputs also name this
 * target's ingest queue URL (so one stage's CLI never starts another
 * stage's run). Null when none matches.
 *
 * @param outputs the parsed cdk-outputs.json (`{ stack: { key: value } }`)
 * @param queueUrl the target's ingest queue URL
 */
export function backfillArnFromOutputs(
  outputs: unknown,
  queueUrl: string | undefined
): string | null {
  if (!queueUrl || typeof outputs !== 'object' || outputs === null) {
    return null;
  }
  for (const stack of Object.values(outputs as Record<string, unknown>)) {
    if (typeof stack !== 'object' || stack === null) continue;
    const values = stack as Record<string, unknown>;
    const arn = values[BACKFILL_OUTPUT];
    if (typeof arn === 'string' && Object.values(values).includes(queueUrl)) {
      return arn;
    }
  }
  return null;
}

/** The backfill ARN from the flag, the env, or cdk-outputs.json. */
function backfillArnFor(
  flags: TargetFlags,
  env: NodeJS.ProcessEnv,
  queueUrl: string | undefined
): string | null {
  const given = flags.backfillArn ?? env.ARCHIVE_BACKFILL_ARN;
  if (given) return given;
  const file = env.ARCHIVE_CDK_OUTPUTS ?? 'cdk-outputs.json';
  if (!existsSync(file)) return null;
  try {
    return backfillArnFromOutputs(
      JSON.parse(readFileSync(file, 'utf8')),
      queueUrl
    );
  } catch {
    return null;
  }
}

function cloudBackfill(
  sfn: SFNClient,
  dynamodb: DynamoDBClient,
  stateMachineArn: string,
  table: string | undefined
): CloudBackfill {
  return {
    stateMachineArn,
    tableItemCount: async () => {
      if (!table) return null;
      try {
        const out = await dynamodb.send(
          new DescribeTableCommand({ TableName: table })
        );
        return out.Table?.ItemCount ?? null;
      } catch {
        // not allowed to describe it: the default segment count serves
        return null;
      }
    },
    start: async (name, input) => {
      const out = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name,
          input: JSON.stringify(input),
        })
      );
      return out.executionArn ?? executionArnOf(stateMachineArn, name);
    },
    describe: async (id) => {
      const executionArn = executionArnOf(stateMachineArn, id);
      const execution = await sfn.send(
        new DescribeExecutionCommand({ executionArn })
      );
      const runs = await sfn.send(new ListMapRunsCommand({ executionArn }));
      const mapRunArn = runs.mapRuns?.[0]?.mapRunArn;
      const mapRun = mapRunArn
        ? await sfn.send(new DescribeMapRunCommand({ mapRunArn }))
        : undefined;
      return runFrom(execution, mapRun);
    },
  };
}

export interface OpenTargetOptions {
  /** The command ingests (reconcile at start; wait for the queue). */
  ingest?: boolean;
  /** Extra options for an in-process runtime (tests). */
  runtime?: RuntimeOptions;
  env?: NodeJS.ProcessEnv;
  /** AWS resources the command cannot work without (checked on open). */
  requires?: readonly AwsResource[];
  /**
   * How long to wait for a runtime that holds the data dir's lock but does
   * not answer yet (starting, or busy) before giving up (default 30 s).
   */
  lockWaitMs?: number;
  /** Told once when the command waits for another command's runtime. */
  onWait?: (message: string) => void;
}

export type AwsResource = 'table' | 'bucket' | 'queue';

/** True when flags or env name an AWS target and `--local` is not given. */
export function wantsAws(flags: TargetFlags, env = process.env): boolean {
  if (flags.local || flags.memory) return false;
  return Boolean(
    flags.bucket ||
      flags.table ||
      flags.queueUrl ||
      flags.backfillArn ||
      env.ARCHIVE_BUCKET ||
      env.ARCHIVE_TABLE ||
      env.ARCHIVE_QUEUE_URL ||
      env.ARCHIVE_BACKFILL_ARN
  );
}

/**
 * Opens the target the flags and env describe. Close it when done.
 *
 * @param flags the command's target options
 * @param options whether the command ingests; runtime overrides for tests
 */
export async function openTarget(
  flags: TargetFlags,
  options: OpenTargetOptions = {}
): Promise<Target> {
  const env = options.env ?? process.env;
  if (flags.local && (flags.bucket || flags.table || flags.queueUrl)) {
    throw new UsageError(
      '--local cannot be combined with --bucket, --table or --queue-url'
    );
  }
  if (wantsAws(flags, env)) {
    return openAwsTarget(flags, env, options.requires ?? []);
  }
  const runtime = await attachOrStart(flags, options);
  if ('attached' in runtime) return runtime.attached;
  // this runtime ends with the command: a link to its S3 server would be dead
  return embeddedTarget(
    runtime,
    flags.memory
      ? 'embedded runtime (in memory)'
      : `embedded runtime on ${flags.data ?? DEFAULT_DATA_DIR}`,
    { links: false }
  );
}

/**
 * The runtime on the data dir: attached when one answers; else started
 * here. The data dir's lock (local/lock.ts) decides, not the health
 * probe's timing: while another live process holds it (starting, or too
 * busy to answer in time), this waits and asks again instead of opening a
 * second runtime on the same data.
 *
 * A runtime that ends with another command (`ephemeral`) serves commands
 * that only read; a command that ingests waits for it to end and then
 * starts its own, so its work is never cut off when the other command
 * finishes.
 */
async function attachOrStart(
  flags: TargetFlags,
  options: OpenTargetOptions
): Promise<LocalRuntime | { attached: Target }> {
  const dataDir = flags.data ?? DEFAULT_DATA_DIR;
  const deadline = Date.now() + (options.lockWaitMs ?? 30_000);
  let told = false;
  for (;;) {
    let waitForEnd = false;
    if (!flags.memory) {
      const running = await findRunningRuntime(dataDir);
      waitForEnd = Boolean(running?.ephemeral && options.ingest);
      if (running && !waitForEnd) {
        return {
          attached: attachedTarget(running, await loadCursorSecret(dataDir)),
        };
      }
      if (running && waitForEnd && !told) {
        told = true;
        options.onWait?.(
          `waiting for another archive command (pid ${running.pid}) to finish with ${dataDir}...`
        );
      }
    }
    try {
      return await startRuntime({
        dataDir: flags.data,
        memory: flags.memory,
        reconcile: options.ingest ?? false,
        ephemeral: true,
        onStorageFault: exitOnStorageFault,
        ...options.runtime,
      });
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      if (!waitForEnd && Date.now() >= deadline) {
        const info = await readRuntimeInfo(dataDir);
        throw new UnreachableError(
          `${dataDir} is held by a runtime (pid ${error.owner.pid}) that does not answer${info?.pid === error.owner.pid ? ` at ${info.httpUrl}` : ''}; wait for it, or stop it`,
          { cause: error }
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A target around a runtime this process runs (`archive up` uses it). */
export function embeddedTarget(
  runtime: LocalRuntime,
  label: string,
  options: { links?: boolean } = {}
): Target {
  const { config, dispatcher } = runtime;
  return {
    kind: 'local',
    label,
    s3: runtime.s3,
    store: runtime.store,
    query: queryServiceFor(runtime.store, runtime.s3, {
      links: (options.links ?? true) ? { base: runtime.http.url } : null,
      textIndex: runtime.textIndex,
      cursorSecret: runtime.cursorSecret,
    }),
    rawBucket: () => config.rawBucket,
    uploadPrefix: config.uploadPrefix,
    enqueue: async (messages) => {
      for (const m of messages) dispatcher.enqueue(m);
      return messages.length;
    },
    failures: () => dispatcher.failures(),
    redrive: (ids) => dispatcher.redrive(ids),
    settle: async () => {
      await dispatcher.drain();
      return { ...dispatcher.stats };
    },
    queueStats: async () => ({ idle: dispatcher.idle, ...dispatcher.stats }),
    attached: false,
    stopIngesting: () => dispatcher.close(),
    releaseSync: () => runtime.releaseSync(),
    close: () => runtime.close(),
    table: {
      db: createDocumentClient(runtime.dynamodb),
      name: config.tableName,
    },
    backfill: null,
  };
}

async function control<T>(
  info: RuntimeInfo,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${info.httpUrl}${path}`, {
      method,
      ...(signal ? { signal } : {}),
      headers: {
        'content-type': 'application/json',
        ...secretHeaders(info.secret ?? ''),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new UnreachableError(
      `cannot reach the runtime at ${info.httpUrl} (pid ${info.pid}): ${(error as Error).message}`
    );
  }
  const json = (await response.json()) as T & { message?: string };
  if (!response.ok) {
    throw new Error(`runtime ${path}: ${json.message ?? response.status}`);
  }
  return json;
}

/** Messages per enqueue call (the route takes at most 1,000). */
const ENQUEUE_BATCH = 500;

function attachedTarget(info: RuntimeInfo, cursorSecret: string): Target {
  const endpoints = {
    s3: info.s3Endpoint,
    dynamodb: info.dynamodbEndpoint,
    region: info.region,
  };
  const s3 = localS3Client(endpoints);
  const dynamodb = localDynamoClient(endpoints);
  const store = new DynamoDocumentStore(
    createDocumentClient(dynamodb),
    info.tableName
  );
  return {
    kind: 'local',
    label: `runtime pid ${info.pid} (${info.httpUrl})`,
    s3,
    store,
    query: queryServiceFor(store, s3, {
      links: { base: info.httpUrl },
      textIndex: remoteTextIndex(info),
      cursorSecret,
    }),
    rawBucket: () => info.rawBucket,
    uploadPrefix: info.uploadPrefix,
    enqueue: async (messages) => {
      let enqueued = 0;
      for (let i = 0; i < messages.length; i += ENQUEUE_BATCH) {
        const batch = messages.slice(i, i + ENQUEUE_BATCH);
        enqueued += (
          await control<{ enqueued: number }>(info, 'POST', '/_local/enqueue', {
            messages: batch,
          })
        ).enqueued;
      }
      return enqueued;
    },
    failures: async () =>
      (
        await control<{ failures: DeadLetter[] }>(
          info,
          'GET',
          '/_local/failures'
        )
      ).failures,
    redrive: async (ids) =>
      (
        await control<{ redriven: string[] }>(info, 'POST', '/_local/redrive', {
          ids,
        })
      ).redriven,
    settle: async (signal) =>
      control<QueueStats>(info, 'POST', '/_local/drain', {}, signal),
    queueStats: () =>
      control<QueueStats & { idle: boolean }>(info, 'GET', '/_local/queue'),
    attached: true,
    // the runtime is another process's: its queue goes on
    stopIngesting: async () => undefined,
    releaseSync: () => undefined,
    close: async () => {
      s3.destroy();
      dynamodb.destroy();
    },
    table: { db: createDocumentClient(dynamodb), name: info.tableName },
    backfill: null,
  };
}

/**
 * The text index of a runtime in another process, asked over its control
 * route: the same in-memory index the runtime updates as it stores
 * records, so a command sees what was just ingested. The query is parsed
 * here first, so a bad one fails with its ValidationError, not as a remote
 * error.
 */
function remoteTextIndex(info: RuntimeInfo): TextIndex {
  return {
    search: async (query, limit) => {
      parseTextQuery(query);
      return (
        await control<{ hits: TextHit[] }>(
          info,
          'POST',
          '/_local/text-search',
          { query, limit }
        )
      ).hits;
    },
    matchIds: async (query, limit) => {
      parseTextQuery(query);
      return (
        await control<{ ids: string[] }>(info, 'POST', '/_local/text-search', {
          query,
          limit,
          idsOnly: true,
        })
      ).ids;
    },
    snippets: async (query, ids) =>
      (
        await control<{ snippets: Record<string, Snippet> }>(
          info,
          'POST',
          '/_local/text-search',
          { query, ids }
        )
      ).snippets,
  };
}

/**
 * The CLI's cursor key on an AWS target. Its cursors go back to this CLI
 * only, run by someone who reads the table directly: the key stops a
 * cursor pasted into another query (and the store refuses a forged start
 * key), it guards no data. The deployed API signs with its own random key
 * (Secrets Manager).
 */
const AWS_CLI_CURSOR_KEY = 'archive-cli-aws';

/** Where a record's source link points (null: no link). */
type LinkMode = { base: string } | 'presign' | null;

/**
 * The query service for a target. Source links: locally the runtime's
 * download route (`/_local/source/<id>`, an attachment through the
 * boundary: the page's cookie or the CLI's header opens it); on AWS a
 * presigned GET with attachment overrides; none for a runtime that ends
 * with the command. `textIndex`: the embedded runtime's full-text index
 * (none on AWS, where `text` stays a filtered scan).
 */
function queryServiceFor(
  store: DynamoDocumentStore,
  s3: S3Client,
  options: { links: LinkMode; textIndex?: TextIndex; cursorSecret: string }
): QueryService {
  const { links, textIndex } = options;
  const presign = presignedSourceLink(s3);
  return createQueryService(store, {
    cursorSecret: options.cursorSecret,
    ...(textIndex ? { textIndex } : {}),
    sourceLink: async (record: DocumentRecord) => {
      if (links === null) return null;
      if (links === 'presign') return presign(record);
      const { bucket, key } = record.source;
      if (!bucket || !key || record.source.deleted) return null;
      return `${links.base}${SOURCE_ROUTE}${encodeURIComponent(record.id)}`;
    },
    readText: (uri) => readS3Text(s3, uri),
  });
}

/**
 * The OCR ingest queue's URL from the text queue's, by the stack's naming
 * (`<project>-ingest-<stage>` → `<project>-ingest-ocr-<stage>`,
 * infra/constructs/ingest-pipeline.ts); null for a name not of that form.
 */
export function ocrQueueUrlFor(textQueueUrl: string): string | null {
  // `archive-ingest` is infra/config.ts PROJECT (not imported: it pulls
  // aws-cdk-lib into the CLI)
  const m = /^(.*\/archive-ingest-ingest-)((?!ocr-)[^/]+)$/.exec(textQueueUrl);
  return m ? `${m[1]}ocr-${m[2]}` : null;
}

const isMissingQueue = (error: unknown) =>
  /QueueDoesNotExist|NonExistentQueue/.test(
    (error as { name?: string } | null)?.name ?? ''
  );

function openAwsTarget(
  flags: TargetFlags,
  env: NodeJS.ProcessEnv,
  requires: readonly AwsResource[]
): Target {
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const bucket = flags.bucket ?? env.ARCHIVE_BUCKET;
  const table = flags.table ?? env.ARCHIVE_TABLE;
  const queueUrl = flags.queueUrl ?? env.ARCHIVE_QUEUE_URL;
  const dlqUrlGiven = flags.dlqUrl ?? env.ARCHIVE_DLQ_URL;
  const s3 = new S3Client({ ...(region ? { region } : {}) });
  const dynamodb = new DynamoDBClient({ ...(region ? { region } : {}) });
  const sqs = new SQSClient({ ...(region ? { region } : {}) });
  const backfillArn = backfillArnFor(flags, env, queueUrl);
  const sfn = backfillArn
    ? new SFNClient({ ...(region ? { region } : {}) })
    : null;
  const need = (value: string | undefined, flag: string, envName: string) => {
    if (!value)
      throw new UsageError(
        `this command needs ${flag} (or env ${envName}) for an AWS target`
      );
    return value;
  };
  for (const resource of requires) {
    if (resource === 'table') need(table, '--table', 'ARCHIVE_TABLE');
    if (resource === 'bucket') need(bucket, '--bucket', 'ARCHIVE_BUCKET');
    if (resource === 'queue')
      need(queueUrl, '--queue-url', 'ARCHIVE_QUEUE_URL');
  }
  const db = createDocumentClient(dynamodb);
  const store = new DynamoDocumentStore(db, table ?? 'ARCHIVE_TABLE-not-set');
  const queueArn = async (url: string) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['QueueArn', 'RedrivePolicy'],
      })
    );
    return out.Attributes ?? {};
  };
  /** The dead-letter queue a queue's redrive policy names. */
  const deadLetterUrlOf = async (url: string): Promise<string> => {
    const attrs = await queueArn(url);
    const policy = attrs.RedrivePolicy
      ? (JSON.parse(attrs.RedrivePolicy) as { deadLetterTargetArn?: string })
      : {};
    const arn = policy.deadLetterTargetArn;
    if (!arn)
      throw new UsageError(
        `the queue ${url} has no redrive policy; pass --dlq-url`
      );
    const [, , , arnRegion, account, name] = arn.split(':');
    return `https://sqs.${arnRegion}.amazonaws.com/${account}/${name}`;
  };
  const dlqUrl = async (): Promise<string> =>
    dlqUrlGiven ??
    deadLetterUrlOf(need(queueUrl, '--queue-url', 'ARCHIVE_QUEUE_URL'));
  const ocrQueueGiven = flags.ocrQueueUrl ?? env.ARCHIVE_OCR_QUEUE_URL;
  /**
   * The ingest paths whose dead letters `failures` and `redrive` cover:
   * the text queue, and the OCR queue when one is named or the stack's
   * naming finds it (an older deployment without an OCR path has none,
   * and that is said on stderr).
   */
  const deadLetterPaths = async (): Promise<
    { queue: string; url: string; dlq: string }[]
  > => {
    const paths = [
      {
        queue: 'ingest',
        url: need(queueUrl, '--queue-url', 'ARCHIVE_QUEUE_URL'),
        dlq: await dlqUrl(),
      },
    ];
    const ocrUrl = ocrQueueGiven ?? ocrQueueUrlFor(paths[0]?.url ?? '');
    if (!ocrUrl) return paths;
    try {
      paths.push({
        queue: 'ingest-ocr',
        url: ocrUrl,
        dlq: await deadLetterUrlOf(ocrUrl),
      });
    } catch (error) {
      if (ocrQueueGiven || !isMissingQueue(error)) throw error;
      process.stderr.write(
        `note: no OCR ingest queue at ${ocrUrl} (a deployment without the OCR path); only the text queue's dead letters are covered\n`
      );
    }
    return paths;
  };
  return {
    kind: 'aws',
    label: `AWS (${[bucket && `bucket ${bucket}`, table && `table ${table}`].filter(Boolean).join(', ') || 'no resources named'})`,
    s3,
    store: store,
    query: queryServiceFor(store, s3, {
      links: 'presign',
      cursorSecret: `${AWS_CLI_CURSOR_KEY}:${table ?? ''}`,
    }),
    rawBucket: () => need(bucket, '--bucket', 'ARCHIVE_BUCKET'),
    uploadPrefix: env.ARCHIVE_UPLOAD_PREFIX ?? LOCAL_NAMES.uploadPrefix,
    enqueue: async (messages) => {
      const url = need(queueUrl, '--queue-url', 'ARCHIVE_QUEUE_URL');
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        const out = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: batch.map((m, j) => ({
              Id: String(j),
              MessageBody: JSON.stringify(m),
            })),
          })
        );
        if (out.Failed?.length) {
          throw new Error(
            `SQS refused ${out.Failed.length} message(s): ${out.Failed[0]?.Message ?? out.Failed[0]?.Code}`
          );
        }
      }
      return messages.length;
    },
    failures: async () => {
      // peek: receive with a short visibility timeout; messages stay in the DLQ
      const seen = new Map<string, DeadLetter>();
      for (const path of await deadLetterPaths()) {
        for (let round = 0; round < 100; round += 1) {
          const out = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: path.dlq,
              MaxNumberOfMessages: 10,
              VisibilityTimeout: 30,
              WaitTimeSeconds: 0,
              MessageSystemAttributeNames: [
                'ApproximateReceiveCount',
                'SentTimestamp',
              ],
            })
          );
          const messages = out.Messages ?? [];
          if (messages.length === 0) break;
          for (const m of messages) {
            if (!m.MessageId || seen.has(m.MessageId)) continue;
            const body = m.Body ?? '';
            seen.set(m.MessageId, {
              messageId: m.MessageId,
              body,
              receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
              firstSentAt: new Date(
                Number(m.Attributes?.SentTimestamp ?? 0)
              ).toISOString(),
              deadLetteredAt: '',
              lastError: null,
              queue: path.queue,
              ...describeMessageTarget(body),
            });
          }
        }
      }
      return [...seen.values()];
    },
    redrive: async (ids) => {
      if (ids?.length) {
        throw new UsageError(
          'AWS redrive moves every dead letter; run without ids'
        );
      }
      // one move task per non-empty dead-letter queue, back to the queue
      // its letters failed on
      const handles: string[] = [];
      for (const path of await deadLetterPaths()) {
        const dlq = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: path.dlq,
            AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
          })
        );
        if (Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0) === 0) {
          continue;
        }
        const out = await sqs.send(
          new StartMessageMoveTaskCommand({
            SourceArn: dlq.Attributes?.QueueArn,
            DestinationArn: (await queueArn(path.url)).QueueArn,
          })
        );
        if (out.TaskHandle) handles.push(out.TaskHandle);
      }
      return handles;
    },
    settle: async () => null,
    queueStats: async () => null,
    attached: false,
    stopIngesting: async () => undefined,
    releaseSync: () => undefined,
    close: async () => {
      s3.destroy();
      dynamodb.destroy();
      sqs.destroy();
      sfn?.destroy();
    },
    table: { db, name: table ?? 'ARCHIVE_TABLE-not-set' },
    backfill:
      backfillArn && sfn
        ? cloudBackfill(sfn, dynamodb, backfillArn, table)
        : null,
  };
}

/**
 * Names the target in an error that means it cannot be reached (one line
 * for the user); other errors pass through unchanged.
 */
export function explainTargetError(error: unknown, target: Target): unknown {
  if (!isUnreachable(error) || error instanceof UnreachableError) return error;
  const detail =
    error instanceof Error ? error.message || error.name : String(error);
  return new UnreachableError(
    `cannot reach ${target.label}: ${detail.split('\n')[0]}`,
    { cause: error }
  );
}
