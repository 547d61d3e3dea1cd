import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
