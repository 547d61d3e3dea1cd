/**
 * One bucket recipe for every bucket of the project, so the hardening the
 * template tests and cdk-nag check is written once.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { isDisposable, type Stage } from '../config.ts';

export interface HardenedBucketProps {
  readonly stage: Stage;
  /**
   * Where S3 server access logs go. Only the log bucket itself has none
   * (logging a log bucket into itself would loop).
   */
  readonly accessLogs?: { readonly bucket: IBucket; readonly prefix: string };
  /** Keep every version (raw and derived data) or not (logs). */
  readonly versioned: boolean;
  /** Delete current objects after this long (logs only). */
  readonly expireAfter?: Duration;
}

/** Days a replaced or deleted version is kept before S3 deletes it. */
export const NONCURRENT_VERSION_DAYS = { dev: 7, other: 90 } as const;

/**
 * A private, TLS-only, SSE-S3 encrypted bucket. Versioned buckets expire
 * non-current versions; disposable stages delete the bucket (and its
 * objects) with the stack, every other stage retains it.
 *
 * SSE-S3 rather than KMS: it needs no key policy (log delivery to a KMS
 * bucket needs a customer key whose policy admits the logging service),
 * and for the data buckets a customer key would add a per-request cost and
 * a key policy spanning both stacks without adding a control IAM does not
 * already give here (docs/ARCHITECTURE.md).
 */
export class HardenedBucket extends Bucket {
  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    const disposable = isDisposable(props.stage);
    const noncurrentDays = disposable
      ? NONCURRENT_VERSION_DAYS.dev
      : NONCURRENT_VERSION_DAYS.other;
    super(scope, id, {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: props.versioned,
      serverAccessLogsBucket: props.accessLogs?.bucket,
      serverAccessLogsPrefix: props.accessLogs?.prefix,
      lifecycleRules: [
        {
          id: 'abort-incomplete-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        props.versioned
          ? {
              id: 'expire-noncurrent-versions',
              noncurrentVersionExpiration: Duration.days(noncurrentDays),
              expiredObjectDeleteMarker: true,
            }
          : {
              id: 'expire-objects',
              expiration: props.expireAfter ?? Duration.days(noncurrentDays),
            },
      ],
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      // Only dev empties its buckets on destroy; elsewhere data outlives
      // the stack on purpose.
      autoDeleteObjects: disposable,
    });
  }
}
