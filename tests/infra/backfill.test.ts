/**
 * Template assertions for the backfill (infra/constructs/backfill.ts): the
 * state machine's shape (a Distributed Map over scan segments, bounded
 * concurrency, retries on Lambda throttles, the loop until a segment is
 * done, logs) and the exact permissions of the Lambda and the state
 * machine; cdk-nag finds nothing the construct does not acknowledge.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKFILL,
  BACKFILL_MAP_LABEL,
  Backfill,
  backfillNagAcknowledgments,
} from '#infra/constructs/backfill.ts';
import { ENV } from '#shared/config/env.ts';
import {
  asArray,
  type CfnResource,
  type CfnStatement,
  policyStatements,
  props,
} from './helpers.ts';

interface Built {
  template: Template;
  resources: Record<string, CfnResource>;
  backfill: Backfill;
  stack: Stack;
  ids: { table: string; queue: string; fn: string; stateMachine: string };
}

function build(
  options: { maxConcurrency?: number; stage?: string } = {}
): Built {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'backfill-test');
  const table = new TableV2(stack, 'table', {
    partitionKey: { name: 'PK', type: AttributeType.STRING },
    sortKey: { name: 'SK', type: AttributeType.STRING },
  });
  const queue = new Queue(stack, 'text-queue', {
    encryption: QueueEncryption.SQS_MANAGED,
  });
  const backfill = new Backfill(stack, 'backfill', {
    stage: options.stage ?? 'prod',
    table,
    queue,
    ...(options.maxConcurrency
      ? { maxConcurrency: options.maxConcurrency }
      : {}),
  });
  const template = Template.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(c.node.defaultChild as never);
  return {
    template,
    resources: template.toJSON().Resources,
    backfill,
    stack,
    ids: {
      table: id(table),
      queue: stack.getLogicalId(queue.node.defaultChild as never),
      fn: id(backfill.segmentFunction.function),
      stateMachine: id(backfill.stateMachine),
    },
  };
}

interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Variable: string; BooleanEquals?: boolean; Next: string }[];
  Retry?: {
    ErrorEquals: string[];
    MaxAttempts?: number;
    IntervalSeconds?: number;
    BackoffRate?: number;
    JitterStrategy?: string;
  }[];
  Resource?: string;
  Parameters?: Record<string, unknown>;
  OutputPath?: string;
  ItemsPath?: string;
  ItemSelector?: Record<string, unknown>;
  ItemProcessor?: {
    ProcessorConfig: { Mode: string; ExecutionType: string };
    StartAt: string;
    States: Record<string, AslState>;
  };
  MaxConcurrency?: number;
  Label?: string;
  ResultPath?: string;
}

interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
}

/** The state machine's ASL, CloudFormation tokens replaced by `<token>`. */
function aslOf(resource: CfnResource): Asl {
  const body = props(resource).DefinitionString as
    | string
    | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((part) => (typeof part === 'string' ? part : '<token>'))
          .join('');
  return JSON.parse(text) as Asl;
}

function only<T>(items: T[], what: string): T {
  expect(items, `exactly one ${what}`).toHaveLength(1);
  return items[0]!;
}

function ofType(resources: Record<string, CfnResource>, type: string) {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

/** Statements of the policies attached to a role (by the role's logical id). */
function statementsOfRole(
  resources: Record<string, CfnResource>,
  roleId: string
): CfnStatement[] {
  const policies = new Set(
    ofType(resources, 'AWS::IAM::Policy')
      .filter(([, r]) =>
        asArray(props(r).Roles as unknown[]).some(
          (ref) => (ref as { Ref?: string }).Ref === roleId
        )
      )
      .map(([id]) => id)
  );
  return policyStatements(resources)
    .filter((s) => policies.has(s.source))
    .map((s) => s.statement);
}

function roleIdOf(stack: Stack, role: { node: { defaultChild?: unknown } }) {
  return stack.getLogicalId(role.node.defaultChild as never);
}

/** `{ action: resources }` for a list of statements. */
function grants(statements: CfnStatement[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of statements) {
    expect(s.Effect).toBe('Allow');
    expect(s.Condition).toBeUndefined();
    for (const action of asArray(s.Action)) {
      out[action] = [...(out[action] ?? []), ...asArray(s.Resource)];
    }
  }
  return out;
}

let built: Built;
let asl: Asl;

beforeAll(() => {
  built = build();
  const [, machine] = only(
    ofType(built.resources, 'AWS::StepFunctions::StateMachine'),
    'state machine'
  );
  asl = aslOf(machine);
});

describe('backfill state machine', () => {
  it('is a Standard state machine that logs every event (without execution data) and traces', () => {
    // Act
    const [, machine] = only(
      ofType(built.resources, 'AWS::StepFunctions::StateMachine'),
      'state machine'
    );

    // Assess
    const p = props(machine);
    expect(p.StateMachineType).toBe('STANDARD');
    expect(p.StateMachineName).toBe('archive-ingest-backfill-prod');
    expect(p.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: false,
    });
    expect(p.TracingConfiguration).toEqual({ Enabled: true });
    expect(asl.TimeoutSeconds).toBe(BACKFILL.runTimeout.toSeconds());
    built.template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 90,
    });
  });

  it('plans segments 0..N-1 from the input, then maps them in a Distributed Map with bounded concurrency', () => {
    // Act
    const plan = asl.States[asl.StartAt]!;
    const map = asl.States[plan.Next!]!;

    // Assess
    expect(plan.Type).toBe('Pass');
    expect(plan.Parameters).toEqual({
      'selection.$': '$.selection',
      'totalSegments.$': '$.totalSegments',
      'segments.$':
        'States.ArrayRange(0, States.MathAdd($.totalSegments, -1), 1)',
    });
    expect(map.Type).toBe('Map');
    expect(map.End).toBe(true);
    expect(map.ItemsPath).toBe('$.segments');
    expect(map.ResultPath).toBe('$.segments');
    expect(map.ItemSelector).toEqual({
      'segment.$': '$$.Map.Item.Value',
      'totalSegments.$': '$.totalSegments',
      'selection.$': '$.selection',
    });
    expect(map.MaxConcurrency).toBe(BACKFILL.maxConcurrency);
    expect(map.Label).toBe(BACKFILL_MAP_LABEL);
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({
      Mode: 'DISTRIBUTED',
      ExecutionType: 'STANDARD',
    });
  });

  it('invokes the segment Lambda until the segment is done, keeping only segment and counts', () => {
    // Act
    const processor =
      asl.States[asl.States[asl.StartAt]!.Next!]!.ItemProcessor!;
    const scan = processor.States[processor.StartAt]!;
    const choice = processor.States[scan.Next!]!;

    // Assess
    expect(scan.Type).toBe('Task');
    expect(scan.Resource).toContain(':states:::lambda:invoke');
    expect(scan.Parameters).toEqual({
      FunctionName: '<token>',
      'Payload.$': '$',
    });
    expect(scan.OutputPath).toBe('$.Payload');
    expect(choice.Type).toBe('Choice');
    expect(choice.Default).toBe(processor.StartAt);
    const done = only(choice.Choices ?? [], 'choice rule');
    expect(done).toMatchObject({ Variable: '$.done', BooleanEquals: true });
    const result = processor.States[done.Next]!;
    expect(result).toMatchObject({
      Type: 'Pass',
      End: true,
      Parameters: { 'segment.$': '$.segment', 'counts.$': '$.counts' },
    });
  });

  it('retries Lambda throttles with backoff, and a failed invocation a few times', () => {
    // Act
    const processor =
      asl.States[asl.States[asl.StartAt]!.Next!]!.ItemProcessor!;
    const retry = processor.States[processor.StartAt]!.Retry ?? [];

    // Assess
    const throttles = only(
      retry.filter((r) =>
        r.ErrorEquals.includes('Lambda.TooManyRequestsException')
      ),
      'throttle retrier'
    );
    expect(throttles).toMatchObject({
      MaxAttempts: BACKFILL.throttleAttempts,
      BackoffRate: 2,
      JitterStrategy: 'FULL',
    });
    const failed = only(
      retry.filter((r) => r.ErrorEquals.includes('States.TaskFailed')),
      'task failure retrier'
    );
    expect(failed.MaxAttempts).toBe(BACKFILL.failureAttempts);
    // a wildcard retrier is evaluated last-resort: the specific ones first
    expect(retry.indexOf(throttles)).toBeLessThan(retry.indexOf(failed));
    expect(
      retry.some((r) => r.ErrorEquals.includes('Lambda.ServiceException'))
    ).toBe(true);
  });

  it('takes the Map concurrency from its props, and refuses one out of range', () => {
    // Act
    const four = build({ maxConcurrency: 4 });
    const [, machine] = only(
      ofType(four.resources, 'AWS::StepFunctions::StateMachine'),
      'state machine'
    );
    const map = Object.values(aslOf(machine).States).find(
      (s) => s.Type === 'Map'
    );

    // Assess
    expect(map?.MaxConcurrency).toBe(4);
    expect(() => build({ maxConcurrency: 5000 })).toThrow(
      'Backfill maxConcurrency must be 1-1000'
    );
  });
});

describe('backfill permissions', () => {
  it('lets the Lambda Scan the table (not its indexes) and SendMessage to the queue, nothing else', () => {
    // Act
    const role = roleIdOf(built.stack, built.backfill.segmentFunction.role);
    const actions = grants(statementsOfRole(built.resources, role));

    // Assess
    expect(Object.keys(actions).sort()).toEqual([
      'dynamodb:Scan',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(actions['dynamodb:Scan']).toEqual([
      { 'Fn::GetAtt': [built.ids.table, 'Arn'] },
    ]);
    expect(actions['sqs:SendMessage']).toEqual([
      { 'Fn::GetAtt': [built.ids.queue, 'Arn'] },
    ]);
    expect(actions['logs:PutLogEvents']).toEqual([
      {
        'Fn::GetAtt': [
          built.stack.getLogicalId(
            built.backfill.segmentFunction.logGroup.node.defaultChild as never
          ),
          'Arn',
        ],
      },
    ]);
    expect(actions['xray:PutTraceSegments']).toEqual(['*']);
  });

  it('names the table and the queue in the Lambda environment', () => {
    // Act
    const fn = built.resources[built.ids.fn]!;
    const variables = (
      props(fn).Environment as { Variables: Record<string, unknown> }
    ).Variables;

    // Assess
    expect(variables[ENV.tableName]).toEqual({ Ref: built.ids.table });
    expect(variables[ENV.ingestQueueUrl]).toEqual({ Ref: built.ids.queue });
    expect(props(fn).Architectures).toEqual(['arm64']);
    expect(props(fn).Timeout).toBe(BACKFILL.timeout.toSeconds());
  });

  it('lets the state machine invoke the segment Lambda and run its own Map children, nothing else', () => {
    // Act
    const role = roleIdOf(built.stack, built.backfill.stateMachine.role);
    const actions = grants(statementsOfRole(built.resources, role));

    // Assess
    const fnArn = { 'Fn::GetAtt': [built.ids.fn, 'Arn'] };
    expect(actions['lambda:InvokeFunction']).toEqual([
      fnArn,
      { 'Fn::Join': ['', [fnArn, ':*']] },
    ]);
    expect(actions['states:StartExecution']).toEqual([
      { Ref: built.ids.stateMachine },
    ]);
    for (const action of ['states:DescribeExecution', 'states:StopExecution']) {
      const [resource] = actions[action] ?? [];
      expect(JSON.stringify(resource)).toContain(':execution:');
      expect(JSON.stringify(resource)).toContain(built.ids.stateMachine);
    }
    expect(JSON.stringify(actions['states:RedriveExecution'])).toContain(
      `/${BACKFILL_MAP_LABEL}:*`
    );
    const logDelivery = Object.keys(actions).filter((a) =>
      a.startsWith('logs:')
    );
    for (const a of logDelivery) expect(actions[a]).toEqual(['*']);
    expect(
      Object.keys(actions)
        .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))
        .sort()
    ).toEqual([
      'lambda:InvokeFunction',
      'states:DescribeExecution',
      'states:RedriveExecution',
      'states:StartExecution',
      'states:StopExecution',
    ]);
    // no data access: the state machine never touches table or queue
    expect(
      Object.keys(actions).some(
        (a) => a.startsWith('dynamodb:') || a.startsWith('sqs:')
      )
    ).toBe(false);
  });

  it('leaves a dev stage disposable: its log groups are deleted with the stack', () => {
    // Act
    const dev = build({ stage: 'dev' });

    // Assess
    for (const [, group] of ofType(dev.resources, 'AWS::Logs::LogGroup')) {
      expect(group.DeletionPolicy).toBe('Delete');
      expect(props(group).RetentionInDays).toBe(7);
    }
  });
});

describe('backfill under cdk-nag', () => {
  const outdirs: string[] = [];
  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Synthesizes an imported table and queue with the backfill under cdk-nag. */
  function nag(acknowledge: boolean): { violations: string[]; ids: string[] } {
    const outdir = mkdtempSync(join(tmpdir(), 'archive-backfill-nag-'));
    outdirs.push(outdir);
    const app = new App({
      outdir,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const stack = new Stack(app, 'backfill-nag');
    const backfill = new Backfill(stack, 'backfill', {
      stage: 'prod',
      table: TableV2.fromTableName(stack, 'table', 'records'),
      queue: Queue.fromQueueArn(
        stack,
        'queue',
        'arn:aws:sqs:eu-west-1:123456789012:ingest-text'
      ),
    });
    const acknowledgments = backfillNagAcknowledgments(backfill);
    if (acknowledge) {
      for (const { scope, rules } of acknowledgments) {
        Validations.of(scope).acknowledge(...rules);
      }
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch {
      // the report below says why
    }
    const report = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8')
    ) as { pluginReports: { violations: { ruleName: string }[] }[] };
    return {
      violations: report.pluginReports.flatMap((r) =>
        r.violations.map((v) => v.ruleName)
      ),
      ids: acknowledgments.flatMap((a) => a.rules.map((r) => r.id)),
    };
  }

  it('finds nothing once the construct acknowledgments are recorded, and each acknowledgment matches a finding', () => {
    // Act
    const acknowledged = nag(true);
    const raw = nag(false);

    // Assess
    expect(acknowledged.violations).toEqual([]);
    expect(raw.ids.length).toBeGreaterThan(0);
    for (const id of raw.ids) expect(raw.violations).toContain(id);
  });
});
