/**
 * Backfill at scale (docs/BACKFILL.md): `archive reprocess` against AWS
 * starts this state machine instead of looping on the user's machine.
 *
 *   plan-segments (Pass: segments 0..N-1)
 *     → scan-segments (Distributed Map, MaxConcurrency bounded; one
 *       child execution per parallel-scan segment)
 *         → scan-segment (Lambda: scan pages of the segment, send
 *           reprocess messages in batches of 10 to the text ingest queue,
 *           return before the time budget with the key to go on from)
 *         → segment-done? (Choice: loop to scan-segment until done)
 *         → segment-result (Pass: keep { segment, counts })
 *
 * The Lambda may Scan the table and SendMessage to the queue, nothing
 * else (plus its logs and traces); the state machine may invoke the
 * Lambda and run its own Map children (what a Distributed Map needs).
 */
import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  JitterType,
  JsonPath,
  LogLevel,
  Pass,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct, type IConstruct } from 'constructs';
import { TIME_RESERVE_MS } from '#functions/backfill/make-handler.ts';
import { ENV } from '#shared/config/env.ts';
import {
  isDisposable,
  LOG_RETENTION_DAYS,
  physicalName,
  type Stage,
} from '../config.ts';
import { AppFunction } from './app-function.ts';

/** Backfill sizing (docs/BACKFILL.md, "Sizing"). */
export const BACKFILL = {
  /** Scanning and sending is I/O: a small arm64 function suffices. */
  memorySize: 512,
  /**
   * One invocation's budget; it stops at a page boundary a minute before
   * (`TIME_RESERVE_MS`), and the Map iteration invokes it again.
   */
  timeout: Duration.minutes(5),
  /**
   * Segments scanned at once. Each sends up to 5 batches of 10 at a time,
   * so ten segments put some thousands of messages a second on the queue
   * and read the table at ten 1 MB scan pages at a time: enough for a
   * million records in minutes, not enough to starve the ingest
   * function's own table traffic.
   */
  maxConcurrency: 10,
  /** Attempts of an invocation that Lambda throttled. */
  throttleAttempts: 8,
  /** Attempts of an invocation that failed (a throttled scan, a refused send). */
  failureAttempts: 3,
  /**
   * A run that has not finished in a day is stopped (its children with
   * it): a million records take minutes, so this only ends a run stuck on
   * a fault, instead of letting it loop for Standard's one year.
   */
  runTimeout: Duration.hours(24),
} as const;

/** The Distributed Map's label (names its Map Runs). */
export const BACKFILL_MAP_LABEL = 'segments';

export interface BackfillProps {
  readonly stage: Stage;
  /** The records table (scanned, never written). */
  readonly table: ITable;
  /**
   * The queue reprocess messages go to: the text ingest queue (the text
   * path hands scans on to the OCR path itself).
   */
  readonly queue: IQueue;
  /** Segments scanned at once (default `BACKFILL.maxConcurrency`). */
  readonly maxConcurrency?: number;
}

export class Backfill extends Construct {
  /** The backfill-segment Lambda. */
  readonly segmentFunction: AppFunction;
  /** Start it with `{ selection, totalSegments }` (shared/backfill/plan.ts). */
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BackfillProps) {
    super(scope, id);
    if (BACKFILL.timeout.toMilliseconds() <= TIME_RESERVE_MS * 2) {
      throw new Error(
        `BACKFILL.timeout (${BACKFILL.timeout.toSeconds()} s) must exceed twice the segment's time reserve (${TIME_RESERVE_MS / 1000} s)`
      );
    }
    const maxConcurrency = props.maxConcurrency ?? BACKFILL.maxConcurrency;
    if (
      !Number.isInteger(maxConcurrency) ||
      maxConcurrency < 1 ||
      maxConcurrency > 1000
    ) {
      throw new Error(
        `Backfill maxConcurrency must be 1-1000, got ${maxConcurrency}`
      );
    }
    const disposable = isDisposable(props.stage);

    this.segmentFunction = new AppFunction(this, 'segment', {
      stage: props.stage,
      name: 'backfill',
      description:
        'Backfill: scans one table segment and enqueues reprocess messages',
      memorySize: BACKFILL.memorySize,
      timeout: BACKFILL.timeout,
      serviceName: 'archive-backfill',
    });
    const fn = this.segmentFunction;
    // Scan on the table only (no index, no item reads or writes).
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:Scan'],
        resources: [props.table.tableArn],
      })
    );
    fn.function.addEnvironment(ENV.tableName, props.table.tableName);
    // SendMessage covers SendMessageBatch; nothing else on the queue.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['sqs:SendMessage'],
        resources: [props.queue.queueArn],
      })
    );
    // a queue under a customer key (the ingest queues use SQS-managed
    // encryption, which needs no grant) takes messages only with the key
    props.queue.encryptionMasterKey?.grant(
      fn.role,
      'kms:GenerateDataKey',
      'kms:Decrypt'
    );
    fn.function.addEnvironment(ENV.ingestQueueUrl, props.queue.queueUrl);

    const scan = new LambdaInvoke(this, 'scan-segment', {
      lambdaFunction: fn.function,
      comment: 'Scan pages of the segment and enqueue; stop before timeout',
      outputPath: '$.Payload',
      // Lambda service errors (ServiceException, SdkClientException...)
      retryOnServiceExceptions: true,
    });
    scan.addRetry({
      errors: ['Lambda.TooManyRequestsException'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: BACKFILL.throttleAttempts,
      maxDelay: Duration.seconds(60),
      jitterStrategy: JitterType.FULL,
    });
    scan.addRetry({
      errors: ['States.TaskFailed'],
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: BACKFILL.failureAttempts,
      jitterStrategy: JitterType.FULL,
    });
    const result = new Pass(this, 'segment-result', {
      comment: 'Keep what the run output sums: the segment and its counts',
      parameters: {
        'segment.$': '$.segment',
        'counts.$': '$.counts',
      },
    });
    const done = new Choice(this, 'segment-done?')
      .when(Condition.booleanEquals('$.done', true), result)
      .otherwise(scan);

    const segments = DistributedMap.jsonPath(this, 'scan-segments', {
      comment: 'One child execution per parallel-scan segment',
      itemsPath: '$.segments',
      itemSelector: {
        segment: JsonPath.stringAt('$$.Map.Item.Value'),
        totalSegments: JsonPath.numberAt('$.totalSegments'),
        selection: JsonPath.objectAt('$.selection'),
      },
      maxConcurrency,
      label: BACKFILL_MAP_LABEL,
      // the run's output: { selection, totalSegments, segments: [...] }
      resultPath: '$.segments',
      // child executions loop until their segment is done: Standard (an
      // Express child ends at 5 minutes)
      mapExecutionType: StateMachineType.STANDARD,
    });
    segments.itemProcessor(scan.next(done));

    const plan = new Pass(this, 'plan-segments', {
      comment: 'Segments 0..totalSegments-1 of the parallel scan',
      parameters: {
        'selection.$': '$.selection',
        'totalSegments.$': '$.totalSegments',
        'segments.$':
          'States.ArrayRange(0, States.MathAdd($.totalSegments, -1), 1)',
      },
    });

    this.logGroup = new LogGroup(this, 'logs', {
      retention: disposable ? LOG_RETENTION_DAYS.dev : LOG_RETENTION_DAYS.other,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'state-machine', {
      stateMachineName: physicalName('backfill', props.stage),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(plan.next(segments)),
      comment:
        'archive reprocess in AWS: a Distributed Map over parallel-scan segments',
      logs: {
        destination: this.logGroup,
        level: LogLevel.ALL,
        // states' inputs and outputs hold object keys: not in the logs
        includeExecutionData: false,
      },
      tracingEnabled: true,
      timeout: BACKFILL.runTimeout,
    });
  }
}

/** A cdk-nag acknowledgment: full rule id (with the finding) and why. */
export interface BackfillNagAcknowledgment {
  readonly id: string;
  readonly reason: string;
}

/**
 * The cdk-nag findings of the backfill, each with its reason, on the
 * construct it concerns (infra/nag-suppressions.ts records them).
 *
 * @param backfill the construct
 */
export function backfillNagAcknowledgments(
  backfill: Backfill
): { scope: IConstruct; rules: BackfillNagAcknowledgment[] }[] {
  const stateMachineId = Stack.of(backfill).getLogicalId(
    backfill.stateMachine.node.defaultChild as CfnElement
  );
  const functionId = Stack.of(backfill).getLogicalId(
    backfill.segmentFunction.function.node.defaultChild as CfnElement
  );
  const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stateMachineId}"}]}]}`;
  return [
    {
      scope: backfill.segmentFunction.role,
      rules: [
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'Active X-Ray tracing: xray:PutTraceSegments and ' +
            'xray:PutTelemetryRecords support no resource-level permissions, ' +
            'AWS requires Resource "*" for them (and only them here).',
        },
      ],
    },
    {
      scope: backfill.stateMachine.role,
      rules: [
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'State machine logging and tracing: the CloudWatch Logs ' +
            'delivery actions (logs:CreateLogDelivery...) and the X-Ray ' +
            'actions support no resource-level permissions, AWS requires ' +
            'Resource "*" for them (and only them here).',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
          reason:
            'lambda:InvokeFunction on the backfill-segment function and its ' +
            'version-qualified ARNs (the grant LambdaInvoke makes): one ' +
            'function, only its qualifier is a wildcard.',
        },
      ],
    },
    {
      scope: backfill.stateMachine,
      rules: [
        {
          id: `AwsSolutions-IAM5[Resource::${executions}:*]`,
          reason:
            'Distributed Map: the state machine describes and stops the ' +
            'child executions it starts (states:DescribeExecution, ' +
            'states:StopExecution); their names are made at run time, the ' +
            "state machine's own executions are the narrowest scope.",
        },
        {
          id: `AwsSolutions-IAM5[Resource::${executions}/${BACKFILL_MAP_LABEL}:*]`,
          reason:
            'Distributed Map: states:RedriveExecution on the Map Runs of ' +
            'its labelled Map state only; Map Run ids are made at run time.',
        },
      ],
    },
  ];
}
