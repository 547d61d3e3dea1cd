/**
 * `archive eval` on invented pages in a temporary corpus layout: the plain
 * table, the held-out split, the digests, and a page whose extraction
 * throws (named, scored as empty, exit 1).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runEval } from '#cli/commands/eval.ts';
import { extractFile } from '#cli/files.ts';
import type { CliIo } from '#cli/io.ts';
import { UsageError } from '#cli/io.ts';
import { splitNames } from '#shared/eval/split.ts';
import { PARSER_VERSION } from '#shared/extract/index.ts';

// one reader of the extractor throws while `broken.on` is set
const broken = vi.hoisted(() => ({ on: false }));
vi.mock('#shared/extract/frame.ts', async (importOriginal) => {
  const real =
    await importOriginal<typeof import('#shared/extract/frame.ts')>();
  return {
    ...real,
    readFrame: (...args: Parameters<typeof real.readFrame>) => {
      if (broken.on) throw new RangeError('invented rule defect');
      return real.readFrame(...args);
    },
  };
});

afterEach(() => {
  broken.on = false;
});

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}

/** An invented page: a title line, a date line, a sentence. */
const page = (n: string) =>
  `Memorandum No. ${n} on the Supply of Trucks\nMarch 3, 1951\nThe trucks were sent.\n`;

/** A corpus root with the three sets: main 001-010, set2 101-119 odd, frameless 101 105. */
const root = mkdtempSync(join(tmpdir(), 'archive-eval-'));
const layout: Record<string, string[]> = {
  '.': Array.from({ length: 10 }, (_, i) => String(i + 1).padStart(3, '0')),
  set2: Array.from({ length: 10 }, (_, i) => String(101 + 2 * i)),
  frameless: ['101', '105'],
};
for (const [dir, names] of Object.entries(layout)) {
  mkdirSync(join(root, dir, 'pages'), { recursive: true });
  mkdirSync(join(root, dir, 'gold'), { recursive: true });
  for (const n of names) {
    writeFileSync(join(root, dir, 'pages', `${n}.txt`), page(n));
    writeFileSync(
      join(root, dir, 'gold', `${n}.json`),
      JSON.stringify({ date: '1951-03-03' })
    );
  }
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('archive eval', () => {
  it('wants exactly one of --pages/--gold, --split, --digest', async () => {
    await expect(runEval({}, capture())).rejects.toThrow(UsageError);
    await expect(
      runEval({ split: true, digest: true }, capture())
    ).rejects.toThrow(UsageError);
    await expect(runEval({ pages: root }, capture())).rejects.toThrow(
      /--pages and --gold go together/
    );
    await expect(
      runEval({ digest: true, seed: 2, corpus: root }, capture())
    ).rejects.toThrow(/--seed goes with --split/);
  });

  it('scores a folder and prints the table', async () => {
    // Prepare
    const io = capture();
    // Act
    const code = await runEval(
      { pages: join(root, 'pages'), gold: join(root, 'gold') },
      io
    );
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(/^date\s+10\s+0\s+0/m);
    expect(io.out).toMatch(/pages scored: 10; overall F1 \d\.\d{4}/);
  });

  it('names a page whose extraction throws, scores it empty and exits 1', async () => {
    // Prepare
    broken.on = true;
    const io = capture();
    // Act
    const code = await runEval(
      { pages: join(root, 'pages'), gold: join(root, 'gold'), json: true },
      io
    );
    // Assess
    expect(code).toBe(1);
    const result = JSON.parse(io.out);
    expect(result.pages).toBe(10);
    expect(result.tallies.date).toEqual({ tp: 0, fp: 0, fn: 10 });
    expect(result.failed).toHaveLength(10);
    expect(result.failed[0]).toMatchObject({
      name: '001',
      reason: 'extract-error',
    });
    expect(io.err).toMatch(
      /^archive eval: 001: no record \(scored as empty\): extract-error: extraction failed: invented rule defect$/m
    );
  });

  it('archive extract reports the page by its path with the error', async () => {
    broken.on = true;
    const result = await extractFile(join(root, 'pages', '001.txt'));
    expect(result).toEqual({
      ok: false,
      reason: 'extract-error',
      message: 'extract-error: extraction failed: invented rule defect',
    });
  });

  it('--split scores the seeded held-out fifth against the rest, per set', async () => {
    // Prepare
    const io = capture();
    const expected = splitNames([...layout['.']!, ...layout.set2!], 1);
    // Act
    const code = await runEval({ split: true, corpus: root, json: true }, io);
    // Assess
    expect(code).toBe(0);
    const r = JSON.parse(io.out);
    expect(r.seed).toBe(1);
    expect(r.heldOut).toEqual(expected.heldOut);
    expect(r.heldOut).toHaveLength(4);
    const inSet = (names: string[]) =>
      expected.heldOut.filter((n) => names.includes(n)).length;
    expect(r.sets.main.heldOut.pages).toBe(inSet(layout['.']!));
    expect(r.sets.main.rest.pages).toBe(10 - inSet(layout['.']!));
    expect(r.sets.set2.heldOut.pages).toBe(inSet(layout.set2!));
    expect(r.sets.frameless.heldOut.pages).toBe(inSet(layout.frameless!));
    expect(r.overall.heldOut.pages + r.overall.rest.pages).toBe(22);
    expect(r.overall.heldOut.tallies.date.tp).toBe(r.overall.heldOut.pages);
  });

  it('--split prints a line per set and overall, and moves with --seed', async () => {
    const io = capture();
    await runEval({ split: true, seed: 7, corpus: root }, io);
    expect(io.out).toMatch(/^split seed 7: 4 of 20 names held out: /);
    expect(io.out).toMatch(/^set\s+held\s+F1\s+rest\s+F1$/m);
    for (const row of ['main', 'set2', 'frameless', 'overall'])
      expect(io.out).toMatch(
        new RegExp(`^${row}\\s+\\d+\\s+\\d\\.\\d{4}`, 'm')
      );
  });

  it('--split says which set folder is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'archive-eval-empty-'));
    await expect(
      runEval({ split: true, corpus: empty }, capture())
    ).rejects.toThrow(/corpus set main: .*pages is missing/);
    rmSync(empty, { recursive: true, force: true });
  });

  it('--digest prints the digests in the pinned format', async () => {
    const io = capture();
    const code = await runEval({ digest: true, corpus: root }, io);
    expect(code).toBe(0);
    const d = JSON.parse(io.out);
    expect(d.version).toBe(PARSER_VERSION);
    expect(d.fixtures).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(d.corpus)).toEqual(['main', 'set2', 'frameless']);
    for (const v of Object.values(d.corpus))
      expect(v).toMatch(/^[0-9a-f]{64}$/);
  });
});
