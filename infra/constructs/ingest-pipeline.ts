/**
 * The two ingest paths (docs/ARCHITECTURE.md, "Two ingest paths"): raw
 * bucket events on the upload prefix → text queue → text function (arm64,
 * no OCR code), which stores text, HTML and text-layer PDFs and forwards a
 * scan's message, unchanged, to the OCR queue → OCR function (x86_64, the
 * native canvas and tesseract.js beside its bundle). Both queues have the
 * same design: a dead-letter queue after `maxReceiveCount` receives, an
 * alarm on it, a visibility timeout derived from the function's timeout,
 * partial batch responses; both functions run the same use case, so the
 * idempotency and the audit trail are the same.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AWS_LITE_ALIAS } from '#shared/aws-lite/alias.ts';
import { ENV } from '#shared/config/env.ts';
import { DEFAULT_OCR_MAX_PAGES } from '#shared/decode/ocr/defaults.ts';
import {
  DERIVED_PREFIX,
  INGEST_OCR,
  INGEST_TEXT,
  type IngestSizing,
  MAX_OBJECT_BYTES,
  physicalName,
  type Stage,
  UPLOAD_PREFIX,
} from '../config.ts';
import { AppFunction } from './app-function.ts';

/**
 * Packages of the OCR path shipped in the ingest asset's `node_modules`
 * (not bundled): tesseract.js starts its worker from its own script file
 * and loads its WebAssembly core from tesseract.js-core, the English model
 * is read from the data package's folder, and the canvas that rasterizes
 * image-only PDFs is a native binary (`@napi-rs/canvas-linux-x64-gnu`).
 */
export const OCR_MODULES = [
  '@napi-rs/canvas',
  '@tesseract.js-data/eng',
  'tesseract.js',
] as const;

/**
 * Decoders loaded only when their format is met (shared/decode imports
 * them lazily). Shipped as node_modules beside the bundle instead of
 * inlined, so a cold start does not parse them: the entry drops from
 * about 2.8 MB to about 0.6 MB (docs/BENCHMARKS.md, cold start).
 */
export const LAZY_DECODER_MODULES = [
  'iconv-lite',
  'node-html-parser',
  'unpdf',
] as const;

/**
 * Packages the text bundle names but never loads: shared/decode reaches
 * the canvas only through an OCR engine, which the text function does not
 * have. Left external so esbuild does not try to inline a native binary,
 * and not shipped (`AppFunction` `absentModules`): were the path ever
 * taken, the import would fail as a decode error, not run OCR.
 */
export const TEXT_ABSENT_MODULES = ['@napi-rs/canvas'] as const;

/**
 * Switch: the text function's bundle swaps the AWS SDK for the lite
 * clients in shared/aws-lite/ (fetch + aws4fetch SigV4; cold start,
 * docs/DECISIONS.md). `false` bundles the SDK again, nothing else changes.
 */
export const TEXT_USES_AWS_LITE = true;

/** The esbuild `alias` of the text function (empty when switched off). */
export const TEXT_ALIAS: Readonly<Record<string, string>> = TEXT_USES_AWS_LITE
  ? AWS_LITE_ALIAS
  : {};

/** What the text function ships beside its bundle: the lazy decoders only. */
export const TEXT_SHIP_MODULES = [...LAZY_DECODER_MODULES] as const;

/** What the OCR function ships: the OCR packages and the lazy decoders. */
export const OCR_SHIP_MODULES = [
  ...OCR_MODULES,
  ...LAZY_DECODER_MODULES,
] as const;

/**
 * Visibility timeout of a path's queue, from its function's timeout (AWS:
 * ≥ 6× the timeout, plus the batching window).
 *
 * @param sizing `INGEST_TEXT` or `INGEST_OCR` (infra/config.ts)
 */
export function visibilityTimeoutFor(sizing: IngestSizing): Duration {
  return Duration.seconds(
    sizing.timeout.toSeconds() * sizing.visibilityTimeoutFactor +
      sizing.maxBatchingWindow.toSeconds()
  );
}

/**
 * Seconds the slowest possible OCR batch needs: every object an image-only
 * PDF at the OCR page cap, all read by the container's one OCR worker.
 */
export function ocrWorstBatchSeconds(): number {
  return (
    INGEST_OCR.batchSize *
      DEFAULT_OCR_MAX_PAGES *
      INGEST_OCR.ocrSecondsPerPage +
    INGEST_OCR.ocrWorkerStartSeconds
  );
}

export interface IngestPipelineProps {
  readonly stage: Stage;
  readonly rawBucket: IBucket;
  readonly derivedBucket: IBucket;
  readonly table: ITable;
  /** When set, the DLQ alarms e-mail this address (via an SNS topic). */
  readonly alarmEmail?: string;
}

/** One path: its queue, dead-letter queue, alarm and function. */
export interface IngestPath {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly fn: AppFunction;
}

export class IngestPipeline extends Construct {
  /** S3 notifications, `archive reprocess` and the backfill enqueue here. */
  readonly text: IngestPath;
  /** Scans the text function forwards. */
  readonly ocr: IngestPath;
  /**
   * The text path's queue (`text.queue`): S3 notifications, `archive
   * reprocess` and the cloud backfill send here; scans move on from it.
   */
  readonly textQueue: Queue;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    if (ocrWorstBatchSeconds() > INGEST_OCR.timeout.toSeconds()) {
      // records of a batch finish together: a batch that cannot finish is
      // retried whole until it lands in the DLQ
      throw new Error(
        `INGEST_OCR: a batch of ${INGEST_OCR.batchSize} image-only PDFs at the ` +
          `${DEFAULT_OCR_MAX_PAGES}-page OCR cap needs about ` +
          `${ocrWorstBatchSeconds()} s, more than the ` +
          `${INGEST_OCR.timeout.toSeconds()} s timeout; lower batchSize or raise timeout`
      );
    }
    const topic =
      props.alarmEmail === undefined
        ? null
        : new Topic(this, 'alarm-topic', {
            topicName: physicalName('alarms', props.stage),
            enforceSSL: true,
          });
    if (topic && props.alarmEmail !== undefined) {
      topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }

    this.text = this.path(props, topic, {
      // construct ids and physical names kept from the single-path stack:
      // a named resource whose logical id changed would be created anew
      // under the same name, which CloudFormation refuses; and the queue
      // URL in users' settings (ARCHIVE_QUEUE_URL) stays the same
      scope: this,
      fnId: 'ingest',
      name: 'ingest',
      sizing: INGEST_TEXT,
      description:
        'Raw archive page (text, HTML, text-layer PDF) → validated record, audit events; scans → OCR queue',
      serviceName: 'archive-ingest',
      shipModules: TEXT_SHIP_MODULES,
      absentModules: TEXT_ABSENT_MODULES,
      alias: TEXT_ALIAS,
      what: 'Ingest',
    });
    this.ocr = this.path(props, topic, {
      scope: new Construct(this, 'ocr'),
      fnId: 'fn',
      name: 'ingest-ocr',
      sizing: INGEST_OCR,
      description:
        'Scanned archive page (image, image-only PDF) → OCR → record',
      serviceName: 'archive-ingest-ocr',
      // OCR needs a native canvas and tesseract.js's worker, WebAssembly
      // and model files, which a single-file bundle cannot carry: they
      // ship beside it.
      shipModules: OCR_SHIP_MODULES,
      absentModules: [],
      what: 'OCR ingest',
    });

    this.textQueue = this.text.queue;

    // the text function hands scans to the OCR queue
    this.ocr.queue.grantSendMessages(this.text.fn.role);
    this.text.fn.function.addEnvironment(
      ENV.ocrQueueUrl,
      this.ocr.queue.queueUrl
    );

    // S3 notifications (not EventBridge) to the text queue only: the
    // handler and the embedded runtime share the S3 event record shape
    // (s3:TestEvent, sequencer, URL-encoded keys). `rawBucket` is an
    // imported handle, so the notification custom resource lives in this
    // stack: on the stateful stack's own bucket it would make that stack
    // depend on this queue.
    const destination = new SqsDestination(this.text.queue);
    for (const event of [EventType.OBJECT_CREATED, EventType.OBJECT_REMOVED]) {
      props.rawBucket.addEventNotification(event, destination, {
        prefix: UPLOAD_PREFIX,
      });
    }
  }

  private path(
    props: IngestPipelineProps,
    topic: Topic | null,
    spec: {
      scope: Construct;
      fnId: string;
      name: string;
      sizing: IngestSizing;
      description: string;
      serviceName: string;
      shipModules: readonly string[];
      absentModules: readonly string[];
      alias?: Readonly<Record<string, string>>;
      what: string;
    }
  ): IngestPath {
    const { sizing, scope } = spec;
    const deadLetterQueue = new Queue(scope, 'dlq', {
      queueName: physicalName(`${spec.name}-dlq`, props.stage),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A moved message keeps its first enqueue time, so the DLQ keeps
      // messages the SQS maximum to leave time to inspect and redrive.
      retentionPeriod: sizing.dlqRetention,
    });
    const queue = new Queue(scope, 'queue', {
      queueName: physicalName(spec.name, props.stage),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: visibilityTimeoutFor(sizing),
      deadLetterQueue: {
        queue: deadLetterQueue,
        maxReceiveCount: sizing.maxReceiveCount,
      },
    });
    const fn = new AppFunction(scope, spec.fnId, {
      stage: props.stage,
      name: spec.name,
      description: spec.description,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      serviceName: spec.serviceName,
      environment: { [ENV.maxObjectBytes]: String(MAX_OBJECT_BYTES) },
      architecture: sizing.architecture,
      shipModules: spec.shipModules,
      absentModules: spec.absentModules,
      ...(spec.alias ? { alias: spec.alias } : {}),
    });
    fn.bindTable(props.table, 'RW');
    fn.bindBucket(props.rawBucket, {
      nameEnv: ENV.rawBucket,
      prefix: UPLOAD_PREFIX,
      prefixEnv: ENV.uploadPrefix,
      access: 'read',
    });
    fn.bindBucket(props.derivedBucket, {
      nameEnv: ENV.derivedBucket,
      prefix: DERIVED_PREFIX,
      prefixEnv: ENV.derivedPrefix,
      access: 'read-write',
    });
    fn.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: sizing.batchSize,
        maxBatchingWindow: sizing.maxBatchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: sizing.maxConcurrency,
      })
    );
    const deadLetterAlarm = new Alarm(scope, 'dlq-alarm', {
      alarmName: physicalName(`${spec.name}-dlq-not-empty`, props.stage),
      alarmDescription:
        `${spec.what} messages failed ${sizing.maxReceiveCount} times and sit in the dead-letter queue: ` +
        'run `archive failures`, fix, then `archive redrive`.',
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (topic) deadLetterAlarm.addAlarmAction(new SnsAction(topic));
    return { queue, deadLetterQueue, deadLetterAlarm, fn };
  }
}
