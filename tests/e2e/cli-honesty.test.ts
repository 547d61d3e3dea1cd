/**
 * Commands report what they did, not what they asked for: `reprocess`
 * counts re-extracted, unchanged and skipped records from the store and
 * refuses a parser version that does not exist yet; `upload` names every
 * entry of a folder it does not upload, and exits 1.
 */
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  symlink,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReprocess } from '#cli/commands/reprocess.ts';
import { runUpload } from '#cli/commands/upload.ts';
import { UsageError } from '#cli/io.ts';
import { startRuntime } from '#local/runtime.ts';
import { PARSER_VERSION } from '#shared/extract/index.ts';
import { captureIo } from './cli-helpers.ts';

const FIXTURES = 'fixtures/pages';

let root: string;
let pages: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-honesty-'));
  pages = join(root, 'pages');
  await mkdir(pages, { recursive: true });
  for (const name of (await readdir(FIXTURES)).slice(0, 3)) {
    await copyFile(join(FIXTURES, name), join(pages, name));
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('archive reprocess', () => {
  it('refuses --older-than-parser newer than the current parser, before touching anything', async () => {
    // Prepare
    const data = join(root, 'refuse');
    await runUpload([pages], { data }, captureIo().io);
    const { io, stdout } = captureIo();

    // Act + Assess
    await expect(
      runReprocess({ data, olderThanParser: '99.0.0' }, io)
    ).rejects.toThrow(UsageError);
    await expect(
      runReprocess({ data, olderThanParser: '99.0.0' }, io)
    ).rejects.toThrow(
      `--older-than-parser 99.0.0 is newer than this parser (${PARSER_VERSION})`
    );
    expect(stdout()).toBe('');
  });

  it('says which records were re-extracted and which were skipped, and why', async () => {
    // Prepare: three stored pages; the source of one is deleted while a
    // runtime runs (its record stays, marked deleted)
    const data = join(root, 'skipped');
    await runUpload([pages], { data }, captureIo().io);
    const [gone] = (await readdir(pages)).sort();
    const runtime = await startRuntime({ dataDir: data, reconcile: false });
    try {
      await runtime.s3.send(
        new DeleteObjectCommand({
          Bucket: runtime.config.rawBucket,
          Key: `incoming/${gone}`,
        })
      );
      await runtime.dispatcher.drain();
      const { io, stdout } = captureIo();

      // Act
      const code = await runReprocess({ data, all: true }, io);

      // Assess
      expect(code).toBe(0);
      expect(stdout()).toContain(
        'Enqueued 2 reprocess message(s) on the local queue; 1 record(s) have no source to re-read.'
      );
      expect(stdout()).toMatch(
        /reprocessed 3: 2 re-extracted \(2 ok, 0 failed\), 0 unchanged, 1 skipped; \d+ warnings?/
      );
      expect(stdout()).toContain(
        `  skipped: incoming/${gone} (the source object was deleted)`
      );
    } finally {
      await runtime.close();
    }
  });
});

describe('archive upload of a folder with links', () => {
  it('follows a linked file, names a broken link and a loop on stderr, and exits 1', async () => {
    // Prepare
    const folder = join(root, 'linked');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await copyFile(join(FIXTURES, 'seed.txt'), join(folder, 'seed.txt'));
    await symlink(
      join(process.cwd(), FIXTURES, 'seed.txt'),
      join(folder, 'seed-link.txt')
    );
    await symlink(join(root, 'nowhere.txt'), join(folder, 'dangling.txt'));
    await symlink(folder, join(folder, 'sub', 'loop'));
    const { io, stdout, stderr } = captureIo();

    // Act
    const code = await runUpload([folder], { data: join(root, 'links') }, io);

    // Assess
    expect(code).toBe(1);
    expect(stdout()).toContain('uploaded incoming/seed-link.txt');
    expect(stdout()).toContain('ingested 2: 2 ok, 0 failed');
    expect(stderr()).toContain(
      `archive upload: ${join(folder, 'dangling.txt')}: broken symlink (its target does not exist): skipped`
    );
    expect(stderr()).toMatch(
      /archive upload: .*\/sub\/loop: symlink loop \(leads back to .*\): skipped/
    );
  });
});
