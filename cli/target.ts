/**
 * Where a command works: the embedded runtime (`--local`, the default when
 * no AWS target is configured) or AWS (`--bucket/--table/--queue-url`, or
 * ARCHIVE_BUCKET / ARCHIVE_TABLE / ARCHIVE_QUEUE_URL / ARCHIVE_DLQ_URL).
 *
 * Locally there are two cases: a runtime already runs on the data dir
 * (`archive up` in another terminal; found through `<data>/runtime.json`)
 * and the command talks to its servers and its queue over HTTP; or none
 * does and the command starts one in-process for its own duration.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Command } from 'commander';
import { localDynamoClient, localS3Client } from '#local/clients.ts';
import type { DeadLetter } from '#local/dead-letters.ts';
import { describeMessageTarget } from '#local/dispatcher.ts';
import {
  DEFAULT_DATA_DIR,
  LOCAL_NAMES,
  type LocalRuntime,
  type RuntimeOptions,
  startRuntime,
} from '#local/runtime.ts';
import { findRunningRuntime, type RuntimeInfo } from '#local/state-file.ts';
import {
  createQueryService,
  type QueryService,
  type Snippet,
  type TextHit,
  type TextIndex,
} from '#shared/query/index.ts';
import { parseTextQuery } from '#shared/query/text-search.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { parseS3Uri } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { isUnreachable, UnreachableError, UsageError } from './io.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TargetFlags {
  local?: boolean;
  data?: string;
  memory?: boolean;
  bucket?: string;
  table?: string;
  queueUrl?: string;
  dlqUrl?: string;
  region?: string;
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
  /** Waits until queued work is done (local); AWS returns null at once. */
  settle(): Promise<QueueStats | null>;
  close(): Promise<void>;
}

export interface OpenTargetOptions {
  /** The command ingests (reconcile at start; wait for the queue). */
  ingest?: boolean;
  /** Extra options for an in-process runtime (tests). */
  runtime?: RuntimeOptions;
  env?: NodeJS.ProcessEnv;
  /** AWS resources the command cannot work without (checked on open). */
  requires?: readonly AwsResource[];
}

export type AwsResource = 'table' | 'bucket' | 'queue';

/** True when flags or env name an AWS target and `--local` is not given. */
export function wantsAws(flags: TargetFlags, env = process.env): boolean {
  if (flags.local || flags.memory) return false;
  return Boolean(
    flags.bucket ||
      flags.table ||
      flags.queueUrl ||
      env.ARCHIVE_BUCKET ||
      env.ARCHIVE_TABLE ||
      env.ARCHIVE_QUEUE_URL
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
  if (!flags.memory) {
    const running = await findRunningRuntime(flags.data ?? DEFAULT_DATA_DIR);
    if (running) return attachedTarget(running);
  }
  const runtime = await startRuntime({
    dataDir: flags.data,
    memory: flags.memory,
    reconcile: options.ingest ?? false,
    ...options.runtime,
  });
  // this runtime ends with the command: a link to its S3 server would be dead
  return embeddedTarget(
    runtime,
    flags.memory
      ? 'embedded runtime (in memory)'
      : `embedded runtime on ${flags.data ?? DEFAULT_DATA_DIR}`,
    { links: false }
  );
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
    query: queryServiceFor(
      runtime.store,
      runtime.s3,
      options.links ?? true,
      runtime.textIndex
    ),
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
    close: () => runtime.close(),
  };
}

async function control<T>(
  info: RuntimeInfo,
  method: string,
  path: string,
  body?: unknown
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${info.httpUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
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

function attachedTarget(info: RuntimeInfo): Target {
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
    query: queryServiceFor(store, s3, true, remoteTextIndex(info)),
    rawBucket: () => info.rawBucket,
    uploadPrefix: info.uploadPrefix,
    enqueue: async (messages) =>
      (
        await control<{ enqueued: number }>(info, 'POST', '/_local/enqueue', {
          messages,
        })
      ).enqueued,
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
    settle: async () => control<QueueStats>(info, 'POST', '/_local/drain', {}),
    close: async () => {
      s3.destroy();
      dynamodb.destroy();
    },
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
 * Source links are presigned GETs (15 minutes in AWS; locally valid while
 * the runtime runs, so none for a runtime that ends with the command).
 * `textIndex`: the embedded runtime's full-text index (none on AWS, where
 * `text` stays a filtered scan).
 */
function queryServiceFor(
  store: DynamoDocumentStore,
  s3: S3Client,
  links = true,
  textIndex?: TextIndex
): QueryService {
  return createQueryService(store, {
    ...(textIndex ? { textIndex } : {}),
    sourceLink: async (record: DocumentRecord) => {
      const { bucket, key, versionId } = record.source;
      if (!links || !bucket || !key) return null;
      return getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
        { expiresIn: 900 }
      );
    },
    readText: async (uri) => {
      const { bucket, key } = parseS3Uri(uri);
      const out = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key })
      );
      return (await out.Body?.transformToString('utf-8')) ?? '';
    },
  });
}

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
  const store = new DynamoDocumentStore(
    createDocumentClient(dynamodb),
    table ?? 'ARCHIVE_TABLE-not-set'
  );
  const queueArn = async (url: string) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['QueueArn', 'RedrivePolicy'],
      })
    );
    return out.Attributes ?? {};
  };
  const dlqUrl = async (): Promise<string> => {
    if (dlqUrlGiven) return dlqUrlGiven;
    const attrs = await queueArn(
      need(queueUrl, '--queue-url', 'ARCHIVE_QUEUE_URL')
    );
    const policy = attrs.RedrivePolicy
      ? (JSON.parse(attrs.RedrivePolicy) as { deadLetterTargetArn?: string })
      : {};
    const arn = policy.deadLetterTargetArn;
    if (!arn)
      throw new UsageError(
        'the ingest queue has no redrive policy; pass --dlq-url'
      );
    const [, , , arnRegion, account, name] = arn.split(':');
    return `https://sqs.${arnRegion}.amazonaws.com/${account}/${name}`;
  };
  return {
    kind: 'aws',
    label: `AWS (${[bucket && `bucket ${bucket}`, table && `table ${table}`].filter(Boolean).join(', ') || 'no resources named'})`,
    s3,
    store: store,
    query: queryServiceFor(store, s3),
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
      const url = await dlqUrl();
      const seen = new Map<string, DeadLetter>();
      for (let round = 0; round < 100; round += 1) {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
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
            ...describeMessageTarget(body),
          });
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
      const source = (await queueArn(await dlqUrl())).QueueArn;
      const destination = (
        await queueArn(need(queueUrl, '--queue-url', 'ARCHIVE_QUEUE_URL'))
      ).QueueArn;
      const out = await sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: source,
          DestinationArn: destination,
        })
      );
      return out.TaskHandle ? [out.TaskHandle] : [];
    },
    settle: async () => null,
    close: async () => {
      s3.destroy();
      dynamodb.destroy();
      sqs.destroy();
    },
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
