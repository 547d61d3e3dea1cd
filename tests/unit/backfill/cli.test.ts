/**
 * `archive reprocess` against an AWS target with a backfill state machine
 * (mocked SDK clients): it starts one execution with the selection and
 * segment count, follows its progress or detaches, and `--run` shows a
 * run later; no record is listed or enqueued from this machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backfillSelection, runReprocess } from '#cli/commands/reprocess.ts';
import { backfillArnFromOutputs } from '#cli/target.ts';
import { captureIo } from '../../e2e/cli-helpers.ts';

const sfn = mockClient(SFNClient);
const dynamo = mockClient(DynamoDBClient);
const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const SM =
  'arn:aws:states:eu-west-1:123456789012:stateMachine:archive-ingest-backfill-prod';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest-text';
const FLAGS = {
  bucket: 'raw-prod',
  table: 'records-prod',
  queueUrl: QUEUE,
  region: 'eu-west-1',
  backfillArn: SM,
};
const NOW = () => new Date('2026-01-02T03:04:05.000Z');
const MAP_RUN = `${SM.replace(':stateMachine:', ':mapRun:')}/segments:1`;

function execution(
  name: string,
  status: string,
  output?: object
): DescribeExecutionCommandOutput {
  return {
    $metadata: {},
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:archive-ingest-backfill-prod:${name}`,
    name,
    status,
    startDate: new Date('2026-01-02T03:04:05.000Z'),
    ...(status !== 'RUNNING'
      ? { stopDate: new Date('2026-01-02T03:07:10.000Z') }
      : {}),
    input: JSON.stringify({ selection: { mode: 'stale' }, totalSegments: 2 }),
    ...(output ? { output: JSON.stringify(output) } : {}),
  } as DescribeExecutionCommandOutput;
}

/** A Map Run's item counts, the ones not given zero. */
function items(counts: Record<string, number>) {
  return {
    itemCounts: {
      total: 0,
      succeeded: 0,
      failed: 0,
      running: 0,
      pending: 0,
      timedOut: 0,
      aborted: 0,
      resultsWritten: 0,
      ...counts,
    },
  };
}

const DONE = {
  segments: [
    {
      segment: 0,
      counts: { scanned: 600, selected: 40, enqueued: 39, skipped: 1 },
    },
    {
      segment: 1,
      counts: { scanned: 400, selected: 10, enqueued: 10, skipped: 0 },
    },
  ],
};

beforeEach(() => {
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:archive-ingest-backfill-prod:${input.name}`,
    startDate: NOW(),
  }));
  sfn.on(ListMapRunsCommand).resolves({
    mapRuns: [
      {
        mapRunArn: MAP_RUN,
        executionArn: 'x',
        stateMachineArn: SM,
        startDate: NOW(),
      },
    ],
  });
});

afterEach(() => {
  sfn.reset();
  dynamo.reset();
  ddb.reset();
  sqs.reset();
  vi.unstubAllEnvs();
});

describe('archive reprocess in AWS', () => {
  it('starts one run with the selection and segments from the table size, follows it to the end and prints the totals', async () => {
    // Prepare
    dynamo
      .on(DescribeTableCommand)
      .resolves({ Table: { ItemCount: 2_450_000 } });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(execution('run', 'RUNNING'))
      .resolvesOnce(execution('run', 'RUNNING'))
      .resolves(execution('run', 'SUCCEEDED', DONE));
    sfn
      .on(DescribeMapRunCommand)
      .resolvesOnce(
        items({ total: 25, succeeded: 0, running: 10, pending: 15 })
      )
      .resolvesOnce(
        items({ total: 25, succeeded: 12, running: 10, pending: 3 })
      )
      .resolves(items({ total: 25, succeeded: 25 }));
    const { io, stdout, stderr } = captureIo();

    // Act
    const code = await runReprocess({ ...FLAGS, stale: true }, io, {
      pollMs: 1,
      now: NOW,
    });

    // Assess
    expect(code).toBe(0);
    const start = sfn.commandCalls(StartExecutionCommand);
    expect(start).toHaveLength(1);
    const input = start[0]!.args[0].input;
    expect(input.stateMachineArn).toBe(SM);
    expect(input.name).toMatch(
      /^reprocess-stale-20260102T030405Z-[0-9a-f]{4}$/
    );
    expect(JSON.parse(input.input ?? '')).toEqual({
      selection: { mode: 'stale' },
      totalSegments: 25,
    });
    expect(stdout()).toContain(`Started backfill run ${input.name} in AWS`);
    expect(stdout()).toContain(
      `follow it: archive reprocess --run ${input.name}`
    );
    expect(stderr()).toContain(
      'reprocess in AWS: 0/25 segments done (0%), 10 running'
    );
    expect(stderr()).toContain('reprocess in AWS: 12/25 segments done (48%)');
    expect(stdout()).toContain('SUCCEEDED in 3 min 5 s');
    expect(stdout()).toContain(
      '1,000 items scanned, 50 records selected, 49 enqueued, 1 skipped'
    );
    // nothing listed or enqueued from this machine
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const looked = sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input
      .executionArn;
    expect(looked).toBe(
      `arn:aws:states:eu-west-1:123456789012:execution:archive-ingest-backfill-prod:${input.name}`
    );
  });

  it('--detach starts the run and returns at once; --segments and --status shape the input', async () => {
    // Prepare
    const { io, stdout } = captureIo();

    // Act
    const code = await runReprocess(
      {
        ...FLAGS,
        olderThanParser: '0.1.0',
        status: 'failed',
        segments: 7,
        detach: true,
      },
      io,
      { now: NOW }
    );

    // Assess
    expect(code).toBe(0);
    const input = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(JSON.parse(input.input ?? '')).toEqual({
      selection: {
        mode: 'older-than-parser',
        olderThanParser: '0.1.0',
        status: 'failed',
      },
      totalSegments: 7,
    });
    expect(dynamo.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
    expect(stdout()).toContain('Detached: the run goes on in AWS');
  });

  it('falls back to a default segment count when the table size cannot be read', async () => {
    // Prepare
    dynamo.on(DescribeTableCommand).rejects(new Error('AccessDenied'));
    const { io } = captureIo();

    // Act
    await runReprocess({ ...FLAGS, all: true, detach: true }, io, { now: NOW });

    // Assess
    const input = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(JSON.parse(input.input ?? '').totalSegments).toBe(16);
  });

  it('--run <name> --detach prints a run once; --run follows a failed run to its end and exits 1', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .resolves(execution('reprocess-stale-x', 'RUNNING'));
    sfn
      .on(DescribeMapRunCommand)
      .resolves(items({ total: 2, succeeded: 1, running: 1 }));
    const once = captureIo();

    // Act
    const code = await runReprocess(
      { ...FLAGS, run: 'reprocess-stale-x', detach: true },
      once.io
    );

    // Assess
    expect(code).toBe(0);
    expect(
      sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn
    ).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:archive-ingest-backfill-prod:reprocess-stale-x'
    );
    expect(once.stdout()).toContain(
      'run reprocess-stale-x: RUNNING since 2026-01-02T03:04:05.000Z (stale records'
    );
    expect(once.stdout()).toContain('segments: 1/2 done (0 failed), 1 running');

    // Prepare
    sfn.on(DescribeExecutionCommand).resolves({
      ...execution('reprocess-stale-x', 'FAILED'),
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'a segment failed',
    });
    const follow = captureIo();

    // Act
    const failed = await runReprocess(
      { ...FLAGS, run: 'reprocess-stale-x' },
      follow.io,
      { pollMs: 1 }
    );

    // Assess
    expect(failed).toBe(1);
    expect(follow.stdout()).toContain(
      'error: States.ExceedToleratedFailureThreshold: a segment failed'
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('refuses --run with a selection, and --detach without a state machine', async () => {
    // Prepare
    const { io } = captureIo();

    // Act + Assess
    await expect(
      runReprocess({ ...FLAGS, run: 'x', stale: true }, io)
    ).rejects.toThrow('--run shows a backfill run');
    await expect(
      runReprocess(
        { ...FLAGS, backfillArn: undefined, stale: true, detach: true },
        io
      )
    ).rejects.toThrow('--detach applies to a backfill run in AWS');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('finds the state machine in cdk-outputs.json by the stack that holds the queue', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'archive-outputs-'));
    const file = join(dir, 'cdk-outputs.json');
    const outputs = {
      'archive-ingest-stateless-dev': {
        TextQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/ingest-text-dev',
        BackfillStateMachineArn: 'arn:dev',
      },
      'archive-ingest-stateless-prod': {
        TextQueueUrl: QUEUE,
        BackfillStateMachineArn: SM,
      },
    };
    writeFileSync(file, JSON.stringify(outputs));
    vi.stubEnv('ARCHIVE_CDK_OUTPUTS', file);
    const { io } = captureIo();

    try {
      // Act
      await runReprocess(
        { ...FLAGS, backfillArn: undefined, all: true, detach: true },
        io,
        { now: NOW }
      );

      // Assess
      expect(
        sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input
          .stateMachineArn
      ).toBe(SM);
      expect(backfillArnFromOutputs(outputs, 'https://other')).toBeNull();
      expect(backfillArnFromOutputs(outputs, undefined)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('backfillSelection', () => {
  it('makes a backfill of version and status selections, and leaves query filters to the indexes', () => {
    // Act + Assess
    expect(backfillSelection({ stale: true })).toEqual({ mode: 'stale' });
    expect(backfillSelection({ status: 'failed' })).toEqual({
      mode: 'all',
      status: 'failed',
    });
    expect(backfillSelection({ olderThanParser: '0.1.0' })).toEqual({
      mode: 'older-than-parser',
      olderThanParser: '0.1.0',
    });
    expect(backfillSelection({ person: 'Stalin' })).toBeNull();
    expect(backfillSelection({ type: 'telegram', status: 'ok' })).toBeNull();
    expect(() => backfillSelection({ status: 'pending' })).toThrow(
      '--status must be ok or failed'
    );
  });
});
