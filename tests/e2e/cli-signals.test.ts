/**
 * Ctrl-C, as a user presses it: a real SIGINT to an `archive` child
 * process while it uploads, and while `archive up` serves. The command
 * finishes what is in flight, says what was done and what remains,
 * removes `runtime.json` and its lock, and exits 130; nothing is lost
 * (the next run finishes the job).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpload } from '#cli/commands/upload.ts';
import { startRuntime } from '#local/runtime.ts';
import { captureIo } from './cli-helpers.ts';
import { spawnArchive } from './spawn-helpers.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-signals-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every record in a data dir (read with a runtime started here). */
async function recordCount(data: string): Promise<number> {
  const runtime = await startRuntime({ dataDir: data, reconcile: false });
  try {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page = await runtime.store.listRecords({ limit: 1000, cursor });
      count += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    return count;
  } finally {
    await runtime.close();
  }
}

describe('Ctrl-C during archive upload', () => {
  it('exits 130 saying what was uploaded and what remains, leaves no runtime.json or lock, and the next run finishes the job', async () => {
    // Prepare: enough invented pages that the signal lands mid-way
    const pages = join(root, 'pages');
    await mkdir(pages, { recursive: true });
    for (let i = 0; i < 80; i += 1) {
      await writeFile(
        join(pages, `letter-${String(i).padStart(3, '0')}.txt`),
        `Skip to content\n\nJune ${(i % 28) + 1}, 1950\n\nLetter from Kim Il Sung to Shtykov, number ${i}\n`
      );
    }
    const data = join(root, 'upload-data');

    // Act
    const upload = spawnArchive(['upload', pages, '--data', data]);
    await upload.waitFor(/uploaded incoming\//);
    upload.child.kill('SIGINT');
    const code = await upload.exited;

    // Assess
    expect(code, upload.stderr()).toBe(130);
    expect(upload.stderr()).toContain('Stopping: finishing the work in flight');
    expect(upload.stdout()).toMatch(
      /Interrupted: \d+ file\(s\) uploaded, 0 unchanged, \d+ not uploaded\./
    );
    expect(upload.stderr()).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(join(data, 'runtime.json'))).toBe(false);
    expect(existsSync(join(data, 'runtime.lock'))).toBe(false);

    // Act 2: the same command again, to the end
    const again = captureIo();
    const againCode = await runUpload([pages], { data }, again.io);

    // Assess 2: nothing lost, nothing twice
    expect(againCode).toBe(0);
    expect(await recordCount(data)).toBe(80);
  }, 90_000);
});

describe('Ctrl-C while archive up serves', () => {
  it('exits 130 with what the run did, and removes runtime.json and the lock', async () => {
    // Prepare
    const pages = join(root, 'up-pages');
    await mkdir(pages, { recursive: true });
    await copyFile('fixtures/pages/seed.txt', join(pages, 'seed.txt'));
    const data = join(root, 'up-data');

    // Act
    const up = spawnArchive([
      'up',
      '--dir',
      pages,
      '--data',
      data,
      '--port',
      '0',
    ]);
    await up.waitFor(/Serving on http/);
    expect(existsSync(join(data, 'runtime.json'))).toBe(true);
    expect(existsSync(join(data, 'runtime.lock'))).toBe(true);
    up.child.kill('SIGINT');
    const code = await up.exited;

    // Assess
    expect(code, up.stderr()).toBe(130);
    expect(up.stdout()).toMatch(
      /Stopped: \d+ message\(s\) handled this run; nothing left to do\./
    );
    expect(existsSync(join(data, 'runtime.json'))).toBe(false);
    expect(existsSync(join(data, 'runtime.lock'))).toBe(false);
  }, 90_000);
});
