/**
 * Stateless stack: queues, functions and the API. Safe to destroy and
 * redeploy at any time; all data lives in the stateful stack.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { WEB_ASSETS } from '#functions/query/routes.ts';
import { ENV } from '#shared/config/env.ts';
import {
  DERIVED_PREFIX,
  physicalName,
  QUERY,
  readQueryConcurrency,
  type Stage,
  UPLOAD_PREFIX,
} from '../config.ts';
import { AppFunction } from '../constructs/app-function.ts';
import { Backfill } from '../constructs/backfill.ts';
import { IngestPipeline } from '../constructs/ingest-pipeline.ts';
import { QueryApi } from '../constructs/query-api.ts';
import type { StorageExports } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly stage: Stage;
  /** The stateful stack (buckets, table), imported by named exports. */
  readonly storage: StorageExports;
  /** E-mail for the DLQ alarm (`-c alarmEmail=...`); none by default. */
  readonly alarmEmail?: string;
}

/** Variable naming the secret the query function reads its cursor key from. */
export const QUERY_CURSOR_SECRET_ARN_ENV = ENV.queryCursorSecretArn;

export class StatelessStack extends Stack {
  readonly ingest: IngestPipeline;
  /** `archive reprocess` in AWS: scan segments fanned out to the text queue. */
  readonly backfill: Backfill;
  readonly query: AppFunction;
  /** The query API's write routes (corrections, reviewed marker); table read-write. */
  readonly review: AppFunction;
  readonly queryApi: QueryApi;
  /** The random key that signs the query API's cursors. */
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const storage = props.storage.importInto(this);

    this.ingest = new IngestPipeline(this, 'ingest-pipeline', {
      stage: props.stage,
      rawBucket: storage.rawBucket,
      derivedBucket: storage.derivedBucket,
      table: storage.table,
      alarmEmail: props.alarmEmail,
    });

    this.backfill = new Backfill(this, 'backfill', {
      stage: props.stage,
      table: storage.table,
      queue: this.ingest.textQueue,
    });

    // Cursors are signed with a random key only the query function reads
    // (at cold start). A new key (stack replaced) only invalidates cursors
    // in flight, so it lives here, not with the data.
    this.cursorSecret = new Secret(this, 'cursor-secret', {
      secretName: physicalName('query-cursor-key', props.stage),
      description: 'Signs the query API pagination cursors (HMAC key)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.query = new AppFunction(this, 'query', {
      stage: props.stage,
      name: 'query',
      description: 'Archive records query API and web page',
      memorySize: QUERY.memorySize,
      timeout: QUERY.timeout,
      serviceName: 'archive-query',
      environment: {
        [QUERY_CURSOR_SECRET_ARN_ENV]: this.cursorSecret.secretArn,
      },
      files: { dir: 'web', files: WEB_ASSETS },
      reservedConcurrency: readQueryConcurrency(this),
    });
    this.cursorSecret.grantRead(this.query.role);
    this.query.bindTable(storage.table, 'RO');
    // Read on the upload prefix: source links are presigned with this role,
    // and a UTF-8 text's record reads its text from its source object (at
    // its version: s3:GetObjectVersion), which has no derived copy.
    this.query.bindBucket(storage.rawBucket, {
      nameEnv: ENV.rawBucket,
      prefix: UPLOAD_PREFIX,
      prefixEnv: ENV.uploadPrefix,
      access: 'read',
    });
    this.query.bindBucket(storage.derivedBucket, {
      nameEnv: ENV.derivedBucket,
      prefix: DERIVED_PREFIX,
      prefixEnv: ENV.derivedPrefix,
      access: 'read',
    });
    // The write routes run in their own function, so the query function
    // stays read-only; it accepts sessions of the reviewer role only
    // (docs/REVIEW.md). The decoded text is read to check spans.
    const reviewerRoleName = physicalName('reviewer', props.stage);
    this.review = new AppFunction(this, 'review', {
      stage: props.stage,
      name: 'review',
      description:
        'Archive records corrections and reviewed marker (the query API write routes)',
      memorySize: QUERY.memorySize,
      timeout: QUERY.timeout,
      serviceName: 'archive-review',
      environment: { [ENV.reviewerRoleName]: reviewerRoleName },
    });
    this.review.bindTable(storage.table, 'RW');
    this.review.bindBucket(storage.derivedBucket, {
      nameEnv: ENV.derivedBucket,
      prefix: DERIVED_PREFIX,
      prefixEnv: ENV.derivedPrefix,
      access: 'read',
    });
    // a UTF-8 text's spans are checked against its source object
    this.review.bindBucket(storage.rawBucket, {
      nameEnv: ENV.rawBucket,
      prefix: UPLOAD_PREFIX,
      prefixEnv: ENV.uploadPrefix,
      access: 'read',
    });
    this.queryApi = new QueryApi(this, 'query-api', {
      stage: props.stage,
      handler: this.query.function,
      writeHandler: this.review.function,
      reviewerRoleName,
    });

    new CfnOutput(this, 'IngestQueueUrl', {
      description:
        'The text ingest queue: S3 events, archive reprocess (ARCHIVE_QUEUE_URL)',
      value: this.ingest.text.queue.queueUrl,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Failed text ingest messages (archive failures / redrive)',
      value: this.ingest.text.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'IngestFunctionName', {
      value: this.ingest.text.fn.function.functionName,
    });
    new CfnOutput(this, 'IngestLogGroupName', {
      description: 'aws logs tail <this> --follow',
      value: this.ingest.text.fn.logGroup.logGroupName,
    });
    new CfnOutput(this, 'OcrQueueUrl', {
      description: 'Scans the text function forwards to the OCR function',
      value: this.ingest.ocr.queue.queueUrl,
    });
    new CfnOutput(this, 'OcrDeadLetterQueueUrl', {
      description: 'Failed OCR messages (archive failures / redrive)',
      value: this.ingest.ocr.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'OcrFunctionName', {
      value: this.ingest.ocr.fn.function.functionName,
    });
    new CfnOutput(this, 'OcrLogGroupName', {
      description: 'aws logs tail <this> --follow',
      value: this.ingest.ocr.fn.logGroup.logGroupName,
    });
    new CfnOutput(this, 'BackfillStateMachineArn', {
      description: 'archive reprocess runs here (docs/BACKFILL.md)',
      value: this.backfill.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'Query HTTP API (SigV4-signed requests only)',
      value: this.queryApi.url,
    });
    new CfnOutput(this, 'QueryFunctionName', {
      value: this.query.function.functionName,
    });
    new CfnOutput(this, 'QueryLogGroupName', {
      value: this.query.logGroup.logGroupName,
    });
    new CfnOutput(this, 'ApiAccessLogGroupName', {
      value: this.queryApi.accessLogs.logGroupName,
    });
    new CfnOutput(this, 'ReviewerRoleArn', {
      description:
        'Assume it to correct records and mark them reviewed (the write routes)',
      value: this.queryApi.reviewerRole?.roleArn ?? '',
    });
    new CfnOutput(this, 'ReaderPolicyArn', {
      description: 'Attach it to readers: the GET routes of the query API only',
      value: this.queryApi.readerPolicy.managedPolicyArn,
    });
    new CfnOutput(this, 'ReviewFunctionName', {
      value: this.review.function.functionName,
    });
  }
}
