/**
 * Stateful stack: what holds data and must survive redeploys (raw and
 * derived buckets, the access-log bucket, the records table). Deployed
 * first; the stateless stack receives its resources as typed props.
 */
import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { isDisposable, physicalName, type Stage } from '../config.ts';
import { HardenedBucket } from '../constructs/hardened-bucket.ts';
import { RecordsTable } from '../constructs/records-table.ts';

export interface StatefulStackProps extends StackProps {
  readonly stage: Stage;
}

/** The stateful resources as another stack sees them. */
export interface StorageRefs {
  readonly rawBucket: IBucket;
  readonly derivedBucket: IBucket;
  readonly table: ITable;
}

/**
 * The typed contract between the stacks: the consumer imports handles into
 * its own scope. Backed by CloudFormation exports with fixed names (not
 * CDK's generated ones), so the stateful stack cannot be deleted while
 * something imports them, and ARNs in the consumer's policies read as
 * `archive-ingest-raw-bucket-arn-dev/incoming/*`, stable enough to name in
 * a cdk-nag acknowledgment.
 */
export interface StorageExports {
  importInto(scope: Construct): StorageRefs;
}

/** Names of the stateful stack's exports. */
export function storageExportName(
  what:
    | 'raw-bucket-arn'
    | 'raw-bucket-name'
    | 'derived-bucket-arn'
    | 'derived-bucket-name'
    | 'table-name',
  stage: Stage
): string {
  return physicalName(what, stage);
}

export class StatefulStack extends Stack implements StorageExports {
  readonly stage: Stage;
  /** S3 server access logs of the two data buckets. */
  readonly logBucket: HardenedBucket;
  /** Uploaded pages; `incoming/` triggers ingestion. */
  readonly rawBucket: HardenedBucket;
  /** Full decoded text; a separate bucket so it can never trigger ingest. */
  readonly derivedBucket: HardenedBucket;
  readonly table: RecordsTable;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, {
      terminationProtection: !isDisposable(props.stage),
      ...props,
    });
    this.stage = props.stage;

    this.logBucket = new HardenedBucket(this, 'access-log-bucket', {
      stage: props.stage,
      versioned: false,
      expireAfter: Duration.days(isDisposable(props.stage) ? 7 : 365),
    });
    this.rawBucket = new HardenedBucket(this, 'raw-bucket', {
      stage: props.stage,
      versioned: true,
      accessLogs: { bucket: this.logBucket, prefix: 'raw/' },
    });
    this.derivedBucket = new HardenedBucket(this, 'derived-bucket', {
      stage: props.stage,
      versioned: true,
      accessLogs: { bucket: this.logBucket, prefix: 'derived/' },
    });
    this.table = new RecordsTable(this, 'records-table', {
      stage: props.stage,
    });

    const exported = {
      'raw-bucket-arn': this.rawBucket.bucketArn,
      'raw-bucket-name': this.rawBucket.bucketName,
      'derived-bucket-arn': this.derivedBucket.bucketArn,
      'derived-bucket-name': this.derivedBucket.bucketName,
      'table-name': this.table.tableName,
    } as const;
    for (const [what, value] of Object.entries(exported)) {
      this.exportValue(value, {
        name: storageExportName(what as keyof typeof exported, this.stage),
      });
    }

    new CfnOutput(this, 'RawBucketName', {
      description: 'Upload pages under incoming/ (archive upload --bucket)',
      value: this.rawBucket.bucketName,
    });
    new CfnOutput(this, 'DerivedBucketName', {
      description: 'Full decoded text (derived/text/)',
      value: this.derivedBucket.bucketName,
    });
    new CfnOutput(this, 'AccessLogBucketName', {
      value: this.logBucket.bucketName,
    });
    new CfnOutput(this, 'TableName', {
      description: 'Records table (archive ... --table)',
      value: this.table.tableName,
    });
  }

  /**
   * Handles on the buckets and table for a construct in another stack.
   *
   * @param scope where the imported handles are created
   */
  importInto(scope: Construct): StorageRefs {
    const imported = (what: Parameters<typeof storageExportName>[0]) =>
      Fn.importValue(storageExportName(what, this.stage));
    return {
      rawBucket: Bucket.fromBucketAttributes(scope, 'raw-bucket', {
        bucketArn: imported('raw-bucket-arn'),
        bucketName: imported('raw-bucket-name'),
      }),
      derivedBucket: Bucket.fromBucketAttributes(scope, 'derived-bucket', {
        bucketArn: imported('derived-bucket-arn'),
        bucketName: imported('derived-bucket-name'),
      }),
      table: Table.fromTableAttributes(scope, 'records-table', {
        // The ARN is derived from the name (exact, same account/region).
        tableName: imported('table-name'),
      }),
    };
  }
}
