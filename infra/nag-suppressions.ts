/**
 * Every cdk-nag acknowledgment of the project, in one module. Each names
 * the full rule id (with the bracketed finding) and a reason; the list is
 * exported so docs/ARCHITECTURE.md and the tests can check it.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DERIVED_PREFIX, type Stage, UPLOAD_PREFIX } from './config.ts';
import {
  type StatefulStack,
  storageExportName,
} from './stacks/stateful-stack.ts';
import type { StatelessStack } from './stacks/stateless-stack.ts';

export interface NagAcknowledgment {
  /** Full rule id, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  readonly reason: string;
}

/** Logical id CDK gives the S3 notifications custom-resource handler. */
const BUCKET_NOTIFICATIONS_HANDLER =
  'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * Acknowledgments on each function role (built by AppFunction): ingest
 * (read incoming/, read-write derived/text/) and query (read both).
 */
export function functionRoleAcknowledgments(stage: Stage): NagAcknowledgment[] {
  return [
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and ' +
        'xray:PutTelemetryRecords support no resource-level permissions, ' +
        'AWS requires Resource "*" for them (and only them here).',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${storageExportName('raw-bucket-arn', stage)}/${UPLOAD_PREFIX}*]`,
      reason:
        'Object-level grant scoped to the upload prefix of the raw bucket ' +
        '(s3:GetObject, s3:GetObjectVersion only): object keys are not ' +
        'known at deploy time, the prefix is the narrowest scope.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${storageExportName('derived-bucket-arn', stage)}/${DERIVED_PREFIX}*]`,
      reason:
        'Object-level grant scoped to the derived-text prefix of the ' +
        'derived bucket (ingest: get and put; query: get): keys are document ids ' +
        'created at run time, the prefix is the narrowest scope.',
    },
  ];
}

/** Acknowledgments on the CDK-provided S3 notifications handler. */
export const NOTIFICATIONS_HANDLER_ACKNOWLEDGMENTS: NagAcknowledgment[] = [
  {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'CDK-owned custom resource (Custom::S3BucketNotifications) that only ' +
      'runs during deployment to set the raw bucket notification; ' +
      'aws-cdk-lib attaches this managed policy (log writing only) and ' +
      'offers no way to replace it. Its own S3 permissions are scoped to ' +
      'the raw bucket ARN.',
  },
];

function acknowledge(
  scope: IConstruct,
  rules: readonly NagAcknowledgment[]
): void {
  Validations.of(scope).acknowledge(...rules);
}

/**
 * Records the acknowledgments on the constructs they concern (never on a
 * whole stack), so a new resource with the same finding still fails.
 *
 * @param stacks the app's stacks
 */
export function acknowledgeNagFindings(stacks: {
  stateful: StatefulStack;
  stateless: StatelessStack;
}): void {
  const { stateless } = stacks;
  const stage = stacks.stateful.stage;
  // Both functions have the same three findings: X-Ray's "*" and one
  // prefix-scoped object grant on each bucket.
  for (const fn of [stateless.ingest.ingest, stateless.query]) {
    acknowledge(fn.role, functionRoleAcknowledgments(stage));
  }
  const handler = Stack.of(stateless).node.tryFindChild(
    BUCKET_NOTIFICATIONS_HANDLER
  );
  if (handler === undefined) {
    throw new Error(
      `acknowledgeNagFindings: ${BUCKET_NOTIFICATIONS_HANDLER} not found in ` +
        `${stateless.stackName}; aws-cdk-lib renamed it, update this module`
    );
  }
  acknowledge(handler, NOTIFICATIONS_HANDLER_ACKNOWLEDGMENTS);
}
