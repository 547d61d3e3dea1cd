/**
 * Stateless stack: queues, functions and the API. Safe to destroy and
 * redeploy at any time; all data lives in the stateful stack.
 */
import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { WEB_ASSETS } from '#functions/query/routes.ts';
import { ENV } from '#shared/config/env.ts';
import { DERIVED_PREFIX, QUERY, type Stage, UPLOAD_PREFIX } from '../config.ts';
import { AppFunction } from '../constructs/app-function.ts';
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

/** Variable the query function reads its cursor-signing key from. */
export const QUERY_CURSOR_SECRET_ENV = ENV.queryCursorSecret;

export class StatelessStack extends Stack {
  readonly ingest: IngestPipeline;
  readonly query: AppFunction;
  readonly queryApi: QueryApi;

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

    this.query = new AppFunction(this, 'query', {
      stage: props.stage,
      name: 'query',
      description: 'Archive records query API and web page',
      memorySize: QUERY.memorySize,
      timeout: QUERY.timeout,
      serviceName: 'archive-query',
      environment: {
        // Cursors only need a key that is stable for the stack's life and
        // differs between stacks: the UUID part of the stack id is both,
        // and needs no secret store (all callers are IAM-authenticated).
        [QUERY_CURSOR_SECRET_ENV]: Fn.select(2, Fn.split('/', this.stackId)),
      },
      files: { dir: 'web', files: WEB_ASSETS },
    });
    this.query.bindTable(storage.table, 'RO');
    // Read on the upload prefix: source links are presigned with this role.
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
    this.queryApi = new QueryApi(this, 'query-api', {
      stage: props.stage,
      handler: this.query.function,
    });

    new CfnOutput(this, 'IngestQueueUrl', {
      value: this.ingest.queue.queueUrl,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Failed ingest messages (archive failures / redrive)',
      value: this.ingest.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'IngestFunctionName', {
      value: this.ingest.ingest.function.functionName,
    });
    new CfnOutput(this, 'IngestLogGroupName', {
      description: 'aws logs tail <this> --follow',
      value: this.ingest.ingest.logGroup.logGroupName,
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
  }
}
