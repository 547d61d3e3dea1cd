import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectKeyFor } from '#cli/commands/upload.ts';
import { collectFiles, globToRegExp } from '#cli/upload-files.ts';

describe('collectFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'collect-'));
    await mkdir(join(dir, 'pages', '1950'), { recursive: true });
    await writeFile(join(dir, 'pages', 'a.txt'), 'a');
    await writeFile(join(dir, 'pages', '.DS_Store'), 'x');
    await writeFile(join(dir, 'pages', '1950', 'b.txt'), 'bb');
    await writeFile(join(dir, 'pages', '1950', 'c.pdf'), 'ccc');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('walks folders, keeps relative keys and skips dot-files', async () => {
    // Act
    const { files, problems } = await collectFiles([join(dir, 'pages')]);

    // Assess
    expect(files.map((f) => f.relativeKey)).toEqual([
      '1950/b.txt',
      '1950/c.pdf',
      'a.txt',
    ]);
    expect(files.map((f) => f.size)).toEqual([2, 3, 1]);
    expect(problems).toEqual([]);
  });

  it('expands globs below their static base and reports what matched nothing', async () => {
    // Act
    const { files, problems } = await collectFiles([
      join(dir, 'pages', '**', '*.txt'),
      join(dir, 'missing.txt'),
      join(dir, 'pages', '*.doc'),
    ]);

    // Assess
    expect(files.map((f) => f.relativeKey)).toEqual(['1950/b.txt', 'a.txt']);
    expect(problems.map((p) => p.message)).toEqual([
      'no such file or folder',
      'no files match',
    ]);
  });
});

describe('collectFiles with symbolic links', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'collect-links-'));
    const pages = join(dir, 'pages');
    await mkdir(join(pages, 'sub'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'), { recursive: true });
    await writeFile(join(pages, 'a.txt'), 'a');
    await writeFile(join(dir, 'elsewhere', 'linked.txt'), 'linked');
    await writeFile(join(dir, 'outside.txt'), 'outside');
    // a linked file, a linked folder, a loop, and a link to nowhere
    await symlink(join(dir, 'outside.txt'), join(pages, 'file-link.txt'));
    await symlink(join(dir, 'elsewhere'), join(pages, 'folder-link'));
    await symlink(pages, join(pages, 'sub', 'back-to-top'));
    await symlink(join(dir, 'missing.txt'), join(pages, 'dangling.txt'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('follows links to files and folders, and lists loops and broken links as skipped with the reason', async () => {
    // Act
    const { files, problems } = await collectFiles([join(dir, 'pages')]);

    // Assess
    expect(files.map((f) => f.relativeKey)).toEqual([
      'a.txt',
      'file-link.txt',
      'folder-link/linked.txt',
    ]);
    expect(files.find((f) => f.relativeKey === 'file-link.txt')?.size).toBe(7);
    expect(problems).toEqual([
      {
        input: join(dir, 'pages', 'dangling.txt'),
        message: 'broken symlink (its target does not exist): skipped',
      },
      {
        input: join(dir, 'pages', 'sub', 'back-to-top'),
        message: expect.stringMatching(
          /^symlink loop \(leads back to .*pages\): skipped$/
        ),
      },
    ]);
  });

  it('lists an entry that is not a regular file (a socket) instead of skipping it silently', async () => {
    // Prepare
    const folder = join(dir, 'with-socket');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'page.txt'), 'p');
    const server = createServer();
    await new Promise<void>((ok) =>
      server.listen(join(folder, 'app.sock'), ok)
    );

    try {
      // Act
      const { files, problems } = await collectFiles([folder]);

      // Assess
      expect(files.map((f) => f.relativeKey)).toEqual(['page.txt']);
      expect(problems).toEqual([
        {
          input: join(folder, 'app.sock'),
          message: 'not a regular file (socket, FIFO or device): skipped',
        },
      ]);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});

describe('globToRegExp', () => {
  it('matches * within a segment and ** across segments', () => {
    // Act + Assess
    expect(globToRegExp('*.txt').test('a.txt')).toBe(true);
    expect(globToRegExp('*.txt').test('x/a.txt')).toBe(false);
    expect(globToRegExp('**/*.txt').test('x/y/a.txt')).toBe(true);
    expect(globToRegExp('**/*.txt').test('a.txt')).toBe(true);
    expect(globToRegExp('p?.txt').test('p1.txt')).toBe(true);
  });
});

describe('objectKeyFor', () => {
  it('puts files under the upload prefix and the optional prefix', () => {
    // Prepare
    const file = { path: '/x/1950/b.txt', relativeKey: '1950/b.txt', size: 1 };

    // Act + Assess
    expect(objectKeyFor('incoming/', undefined, file)).toBe(
      'incoming/1950/b.txt'
    );
    expect(objectKeyFor('incoming/', '/batch-7/', file)).toBe(
      'incoming/batch-7/1950/b.txt'
    );
  });
});
