/**
 * Every cdk-nag acknowledgment of the project, in one module. Each names
 * the full rule id (with the bracketed finding) and a reason; the list is
 * exported so docs/ARCHITECTURE.md and the tests can check it.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DERIVED_PREFIX, type Stage, UPLOAD_PREFIX } from './config.ts';
import { backfillNagAcknowledgments } from './constructs/backfill.ts';
import {
  grantPath,
  QUERY_ROUTES,
  type QueryApi,
} from './constructs/query-api.ts';
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

/** Acknowledgment on the query API's cursor key (Secrets Manager). */
export const CURSOR_SECRET_ACKNOWLEDGMENTS: NagAcknowledgment[] = [
  {
    id: 'AwsSolutions-SMG4',
    reason:
      'The secret is an HMAC key that signs pagination cursors, not a ' +
      'credential to any system: leaking it lets a caller who already ' +
      'passed IAM forge a position in a listing they may read anyway. ' +
      'Rotating it only invalidates cursors in flight; a rotation Lambda ' +
      'would cost more than it protects. Replace it by redeploying.',
  },
];

/**
 * Acknowledgments on the review function's role (table read-write, derived
 * text read, and the upload prefix read: a UTF-8 text's spans are checked
 * against its source object, which has no derived copy): the same three
 * as the other functions.
 */
export function reviewRoleAcknowledgments(stage: Stage): NagAcknowledgment[] {
  return functionRoleAcknowledgments(stage);
}

/**
 * Acknowledgments on the query API's access grants: the reader policy
 * (GET routes) and the reviewer role (write routes). A route with a path
 * parameter (`/records/{id}`) can only be granted as `/records/*`: the
 * ids are the records', unknown at deploy time; method, stage and API are
 * fixed in every ARN.
 *
 * @param apiLogicalId the HTTP API's logical id (as cdk-nag names it)
 * @param write the write routes (reviewer role) or the read routes (reader policy)
 */
export function apiAccessAcknowledgments(
  apiLogicalId: string,
  write: boolean
): NagAcknowledgment[] {
  const paths = QUERY_ROUTES.filter(
    (r) => r.write === write && grantPath(r.path).includes('*')
  ).map((r) => `${r.method}${grantPath(r.path)}`);
  return [...new Set(paths)].map((path) => ({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiLogicalId}>/$default/${path}]`,
    reason: write
      ? 'execute-api:Invoke for the reviewer role on one write route of this API, stage and method: ' +
        'the path parameter (a record id) is the only wildcard, as ids are created at run time.'
      : 'execute-api:Invoke for readers on one GET route of this API and stage: ' +
        'the path parameter (a record id, or a web asset name) is the only wildcard, as ids are created at run time.',
  }));
}

/** The logical id of the query API's HTTP API (cdk-nag names it in findings). */
export function apiLogicalIdOf(api: QueryApi): string {
  return Stack.of(api).getLogicalId(api.api.node.defaultChild as CfnElement);
}

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
  // The ingest and query functions have the same three findings: X-Ray's
  // "*" and one prefix-scoped object grant on each bucket.
  const { text, ocr } = stateless.ingest;
  for (const fn of [text.fn, ocr.fn, stateless.query]) {
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
  acknowledge(stateless.review.role, reviewRoleAcknowledgments(stage));
  const api = stateless.queryApi;
  const apiId = apiLogicalIdOf(api);
  acknowledge(api.readerPolicy, apiAccessAcknowledgments(apiId, false));
  if (api.reviewerRole) {
    acknowledge(api.reviewerRole, apiAccessAcknowledgments(apiId, true));
  }
  acknowledge(stateless.cursorSecret, CURSOR_SECRET_ACKNOWLEDGMENTS);
  for (const { scope, rules } of backfillNagAcknowledgments(
    stateless.backfill
  )) {
    acknowledge(scope, rules);
  }
}
