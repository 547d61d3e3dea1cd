/**
 * Stateless stack: queues, functions and the API. Safe to destroy and
 * redeploy at any time; all data lives in the stateful stack.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Stage } from '../config.ts';
import { IngestPipeline } from '../constructs/ingest-pipeline.ts';
import type { StorageExports } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly stage: Stage;
  /** The stateful stack (buckets, table), imported by named exports. */
  readonly storage: StorageExports;
  /** E-mail for the DLQ alarm (`-c alarmEmail=...`); none by default. */
  readonly alarmEmail?: string;
}

export class StatelessStack extends Stack {
  readonly ingest: IngestPipeline;

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
  }
}
