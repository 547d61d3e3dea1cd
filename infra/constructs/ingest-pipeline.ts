/**
 * The ingest path: raw bucket events on the upload prefix → SQS queue (with
 * a dead-letter queue and an alarm on it) → ingest function → table and
 * derived bucket.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '#shared/config/env.ts';
import { DEFAULT_OCR_MAX_PAGES } from '#shared/decode/ocr/defaults.ts';
import {
  DERIVED_PREFIX,
  INGEST,
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
 * The ingest function's instruction set: x86_64, because the only canvas
 * binary installed offline is linux-x64 (docs/ARCHITECTURE.md, "OCR in
 * AWS"); arm64 would need the arm64 binary fetched at synth time.
 */
export const INGEST_ARCHITECTURE = Architecture.X86_64;

export interface IngestPipelineProps {
  readonly stage: Stage;
  readonly rawBucket: IBucket;
  readonly derivedBucket: IBucket;
  readonly table: ITable;
  /** When set, the DLQ alarm e-mails this address (via an SNS topic). */
  readonly alarmEmail?: string;
}

/** Visibility timeout derived from the function timeout (AWS: ≥ 6x). */
export function ingestVisibilityTimeout(): Duration {
  return Duration.seconds(
    INGEST.timeout.toSeconds() * INGEST.visibilityTimeoutFactor +
      INGEST.maxBatchingWindow.toSeconds()
  );
}

/**
 * Seconds the slowest possible batch needs: every object an image-only PDF
 * at the OCR page cap, all read by the container's one OCR worker.
 */
export function ingestWorstBatchSeconds(): number {
  return (
    INGEST.batchSize * DEFAULT_OCR_MAX_PAGES * INGEST.ocrSecondsPerPage +
    INGEST.ocrWorkerStartSeconds
  );
}

export class IngestPipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly ingest: AppFunction;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    if (ingestWorstBatchSeconds() > INGEST.timeout.toSeconds()) {
      // records of a batch finish together: a batch that cannot finish is
      // retried whole until it lands in the DLQ
      throw new Error(
        `INGEST: a batch of ${INGEST.batchSize} image-only PDFs at the ` +
          `${DEFAULT_OCR_MAX_PAGES}-page OCR cap needs about ` +
          `${ingestWorstBatchSeconds()} s, more than the ` +
          `${INGEST.timeout.toSeconds()} s timeout; lower batchSize or raise timeout`
      );
    }

    this.deadLetterQueue = new Queue(this, 'dlq', {
      queueName: physicalName('ingest-dlq', props.stage),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A moved message keeps its first enqueue time, so the DLQ keeps
      // messages the SQS maximum to leave time to inspect and redrive.
      retentionPeriod: INGEST.dlqRetention,
    });

    this.queue = new Queue(this, 'queue', {
      queueName: physicalName('ingest', props.stage),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: ingestVisibilityTimeout(),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: INGEST.maxReceiveCount,
      },
    });

    this.ingest = new AppFunction(this, 'ingest', {
      stage: props.stage,
      name: 'ingest',
      description: 'Raw archive page → validated record, audit events, text',
      memorySize: INGEST.memorySize,
      timeout: INGEST.timeout,
      serviceName: 'archive-ingest',
      environment: { [ENV.maxObjectBytes]: String(MAX_OBJECT_BYTES) },
      // OCR (shared/decode/ocr, imported only for scans) needs a native
      // canvas and tesseract.js's worker, WebAssembly and model files,
      // which a single-file bundle cannot carry: they ship beside it.
      architecture: INGEST_ARCHITECTURE,
      shipModules: [...OCR_MODULES, ...LAZY_DECODER_MODULES],
    });
    this.ingest.bindTable(props.table, 'RW');
    this.ingest.bindBucket(props.rawBucket, {
      nameEnv: ENV.rawBucket,
      prefix: UPLOAD_PREFIX,
      prefixEnv: ENV.uploadPrefix,
      access: 'read',
    });
    this.ingest.bindBucket(props.derivedBucket, {
      nameEnv: ENV.derivedBucket,
      prefix: DERIVED_PREFIX,
      prefixEnv: ENV.derivedPrefix,
      access: 'read-write',
    });
    this.ingest.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: INGEST.batchSize,
        maxBatchingWindow: INGEST.maxBatchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: INGEST.maxConcurrency,
      })
    );

    // S3 notifications (not EventBridge): the handler and the embedded
    // runtime share the S3 event record shape (s3:TestEvent, sequencer,
    // URL-encoded keys). `rawBucket` is an imported handle, so the
    // notification custom resource lives in this stack: on the stateful
    // stack's own bucket it would make that stack depend on this queue.
    const destination = new SqsDestination(this.queue);
    for (const event of [EventType.OBJECT_CREATED, EventType.OBJECT_REMOVED]) {
      props.rawBucket.addEventNotification(event, destination, {
        prefix: UPLOAD_PREFIX,
      });
    }

    this.deadLetterAlarm = new Alarm(this, 'dlq-alarm', {
      alarmName: physicalName('ingest-dlq-not-empty', props.stage),
      alarmDescription:
        'Ingest messages failed 5 times and sit in the dead-letter queue: ' +
        'run `archive failures`, fix, then `archive redrive`.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmEmail !== undefined) {
      const topic = new Topic(this, 'alarm-topic', {
        topicName: physicalName('alarms', props.stage),
        enforceSSL: true,
      });
      topic.addSubscription(new EmailSubscription(props.alarmEmail));
      this.deadLetterAlarm.addAlarmAction(new SnsAction(topic));
    }
  }
}
