/**
 * `archive review`, `archive correct` and the commands that show or use
 * corrections (`get`, `reprocess`, `eval --corrections`), in-process
 * against the embedded runtime on one data dir: the queue with counts,
 * a correction with its span, errors naming the part (exit 2), the
 * re-application report, the extractor scored against the correction,
 * and marking reviewed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCorrect } from '#cli/commands/correct.ts';
import { runEval } from '#cli/commands/eval.ts';
import { runGet } from '#cli/commands/get.ts';
import { runReprocess } from '#cli/commands/reprocess.ts';
import { runReview } from '#cli/commands/review.ts';
import { runUp } from '#cli/commands/up.ts';
import { runAction } from '#cli/io.ts';
import { LOCAL_NAMES } from '#local/runtime.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { captureIo } from './cli-helpers.ts';

const SEED = 'fixtures/pages/seed.txt';
const seedId = documentIdFor(LOCAL_NAMES.rawBucket, 'incoming/seed.txt');

let root: string;
let data: string;
let text: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-cli-review-'));
  data = join(root, 'data');
  text = await readFile(SEED, 'utf8');
  const up = captureIo();
  expect(await runUp({ data, once: true, port: 0 }, up.io)).toBe(0);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs a command body as `archive` does: its exit code and what it printed. */
async function run(
  body: (io: ReturnType<typeof captureIo>['io']) => Promise<number>
) {
  const c = captureIo();
  const code = await runAction(() => body(c.io), c.io);
  process.exitCode = 0;
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('archive review and correct (embedded runtime)', () => {
  it('lists the flagged records with counts by flag', async () => {
    // Act
    const { code, stdout } = await run((io) => runReview({ data }, io));

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Needs review: \d+ records?\n/);
    expect(stdout).toMatch(/\n {2}distribution-copies-mismatch +\d+\n/);
    expect(stdout).toContain(seedId);
  });

  it('refuses a bad correction naming the part, exit 2', async () => {
    // Prepare: a span over "Stalin", a value the text there does not read as
    const start = text.indexOf('Stalin - 2');
    const span = `${start}:${start + 6}`;

    // Act
    const wrong = await run((io) =>
      runCorrect(
        seedId,
        {
          data,
          set: 'telegram.distribution.recipients.0.name=Molotov',
          span,
        },
        io
      )
    );
    const noPath = await run((io) =>
      runCorrect(seedId, { data, set: 'rights=x' }, io)
    );

    // Assess
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      `archive: span: the text at ${start}-${start + 6} reads 'Stalin', not 'Molotov'`
    );
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain(
      'archive: path: "rights" is not an editable field'
    );
  });

  it('corrects a field with its span; get shows it corrected, with who and when', async () => {
    // Prepare
    const start = text.indexOf('Stalin - 2');

    // Act
    const made = await run((io) =>
      runCorrect(
        seedId,
        {
          data,
          set: 'telegram.distribution.recipients.0.name=I.V. Stalin',
          span: `${start}:${start + 6}`,
          note: 'full name',
        },
        io,
        'archivist'
      )
    );
    const shown = await run((io) => runGet(seedId, { data }, io));

    // Assess
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(
      /^Corrected seed-txt-[0-9a-f]+: telegram\.distribution\.recipients\.0\.name: "Stalin" → "I\.V\. Stalin" \(text \d+-\d+\) \[applied\] by archivist at /
    );
    expect(shown.stdout).toMatch(
      /distribution: .*I\.V\. Stalin 2.*\[corrected\]/
    );
    expect(shown.stdout).toContain(
      'Corrections (the values above include the applied ones):'
    );
    expect(shown.stdout).toContain('    note: full name');
  });

  it('reprocess reports the correction re-applied', async () => {
    // Act
    const { code, stdout } = await run((io) =>
      runReprocess({ data, all: true }, io)
    );

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      'corrections on 1 record: 1 re-applied, 0 absorbed, 0 in conflict'
    );
  });

  it('eval --corrections scores the extractor against the corrected record', async () => {
    // Act
    const { code, stdout } = await run((io) =>
      runEval({ data, corrections: true, json: true }, io)
    );

    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.pages).toBe(1);
    // the extractor reads "Stalin": the same name as "I.V. Stalin" as RECORD.md compares
    expect(result.tallies['telegram.distribution.recipients.name'].fn).toBe(0);
  });

  it('marks the record reviewed: it leaves the queue', async () => {
    // Act
    const done = await run((io) =>
      runReview(
        { data, done: seedId, note: 'copies as on the page' },
        io,
        'archivist'
      )
    );
    const after = await run((io) => runReview({ data }, io));

    // Assess
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(
      /^Marked seed-txt-[0-9a-f]+ reviewed by archivist at .*\(flags: distribution-copies-mismatch\)\n$/
    );
    expect(after.stdout).not.toContain(seedId);
  });
});
