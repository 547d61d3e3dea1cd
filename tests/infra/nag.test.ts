/**
 * cdk-nag AwsSolutions over the real app (the plugin `buildArchiveApp`
 * attaches for `cdk synth`): no unacknowledged finding, and no stale
 * acknowledgment either.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillNagAcknowledgments } from '#infra/constructs/backfill.ts';
import {
  apiAccessAcknowledgments,
  apiLogicalIdOf,
  CURSOR_SECRET_ACKNOWLEDGMENTS,
  functionRoleAcknowledgments,
  NOTIFICATIONS_HANDLER_ACKNOWLEDGMENTS,
} from '#infra/nag-suppressions.ts';
import { buildForTest, type TestBuildOptions } from './helpers.ts';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

interface NagRun {
  error: Error | undefined;
  violations: Violation[];
  warnings: number;
}

const outdirs: string[] = [];

/** Synthesizes with cdk-nag and reads the validation report it writes. */
function synthWithNag(options: Omit<TestBuildOptions, 'nag' | 'outdir'>) {
  const outdir = mkdtempSync(join(tmpdir(), 'archive-nag-'));
  outdirs.push(outdir);
  const { app } = buildForTest({ ...options, nag: true, outdir });
  let error: Error | undefined;
  let warnings = 0;
  try {
    const assembly = app.synth();
    // Construct annotations (CDK's own warnings) count as findings too.
    warnings = assembly.stacks
      .flatMap((stack) => stack.messages)
      .filter((message) => message.level === 'warning').length;
  } catch (caught) {
    error = caught as Error;
  }
  const report = JSON.parse(
    readFileSync(join(outdir, 'validation-report.json'), 'utf8')
  ) as { pluginReports: { violations: Violation[] }[] };
  return {
    error,
    violations: report.pluginReports.flatMap((r) => r.violations),
    warnings,
  } satisfies NagRun;
}

/** The query API's grant acknowledgments (reader policy, reviewer role). */
function apiAcknowledgments() {
  const { stacks } = buildForTest({ stage: 'prod' });
  const id = apiLogicalIdOf(stacks.stateless.queryApi);
  return [
    ...apiAccessAcknowledgments(id, false),
    ...apiAccessAcknowledgments(id, true),
  ];
}

/** The backfill's acknowledgments (segment function, state machine). */
function backfillAcknowledgments() {
  const { stacks } = buildForTest({ stage: 'prod' });
  return backfillNagAcknowledgments(stacks.stateless.backfill).flatMap(
    (a) => a.rules
  );
}

let prod: NagRun;
let dev: NagRun;
let unacknowledged: NagRun;

beforeAll(() => {
  prod = synthWithNag({ stage: 'prod' });
  dev = synthWithNag({
    stage: 'dev',
    context: { alarmEmail: 'ops@example.com' },
  });
  unacknowledged = synthWithNag({ stage: 'prod', acknowledge: false });
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutionsChecks', () => {
  it('finds nothing unacknowledged in prod', () => {
    // Assess
    expect(prod.error).toBeUndefined();
    expect(prod.violations).toEqual([]);
    expect(prod.warnings).toBe(0);
  });

  it('finds nothing unacknowledged in dev (auto-delete, alarm topic)', () => {
    // Assess
    expect(dev.error).toBeUndefined();
    expect(dev.violations).toEqual([]);
    expect(dev.warnings).toBe(0);
  });

  it('fails synthesis on findings, and every acknowledgment matches one (none is stale)', () => {
    // Prepare
    const acknowledged = [
      ...functionRoleAcknowledgments('prod'),
      ...NOTIFICATIONS_HANDLER_ACKNOWLEDGMENTS,
      ...CURSOR_SECRET_ACKNOWLEDGMENTS,
      ...apiAcknowledgments(),
      ...backfillAcknowledgments(),
    ].map((a) => a.id);

    // Assess
    expect(unacknowledged.error?.message).toContain('AwsSolutions');
    expect(unacknowledged.violations.map((v) => v.ruleName).sort()).toEqual(
      [...new Set(acknowledged)].sort()
    );
  });

  it('acknowledges findings only on the constructs that have them', () => {
    // Prepare
    const paths = unacknowledged.violations.flatMap((v) =>
      v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`)
    );

    // Assess
    for (const path of paths) {
      expect(path).toMatch(
        / @ archive-ingest-stateless-prod\/(ingest-pipeline\/ingest\/role\/DefaultPolicy|ingest-pipeline\/ocr\/fn\/role\/DefaultPolicy|query\/role\/DefaultPolicy|review\/role\/DefaultPolicy|query-api\/reader-policy|query-api\/reviewer-role|BucketNotificationsHandler050a0587b7544547bf325f094a3db834\/Role|cursor-secret|backfill\/segment\/role\/DefaultPolicy|backfill\/state-machine\/Role\/DefaultPolicy|backfill\/state-machine\/DistributedMapPolicy)\/Resource$/
      );
    }
  });

  it('names the full rule id with its finding and gives a reason for each acknowledgment', () => {
    // Prepare
    const all = [
      ...functionRoleAcknowledgments('prod'),
      ...NOTIFICATIONS_HANDLER_ACKNOWLEDGMENTS,
      ...CURSOR_SECRET_ACKNOWLEDGMENTS,
      ...apiAcknowledgments(),
    ];

    // Assess
    for (const { id, reason } of all) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length, id).toBeGreaterThan(80);
    }
  });
});
