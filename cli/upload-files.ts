/**
 * Local files for `archive upload` and `archive up`: files, folders (walked
 * recursively, dot-files skipped) and globs (`*`, `?`, `**`; Node 20 has no
 * fs.glob), each with the object key it gets under the upload prefix.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

export interface LocalFile {
  path: string;
  /** Key relative to the upload prefix, with `/` separators. */
  relativeKey: string;
  size: number;
}

export interface Collected {
  files: LocalFile[];
  /** Inputs that matched nothing, with why. */
  problems: { input: string; message: string }[];
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const toPosix = (p: string) => p.split(sep).join('/');

/** A glob pattern as a regular expression over posix paths. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Resolves inputs to files. A folder's files keep their path below it; a
 * file or glob match keeps its name (a glob: its path below the glob's
 * static base).
 */
export async function collectFiles(
  inputs: readonly string[]
): Promise<Collected> {
  const files = new Map<string, LocalFile>();
  const problems: Collected['problems'] = [];
  const add = async (path: string, relativeKey: string) => {
    const full = resolve(path);
    if (!files.has(full)) {
      files.set(full, {
        path: full,
        relativeKey,
        size: (await stat(full)).size,
      });
    }
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) {
      const found = await walk(input);
      if (found.length === 0)
        problems.push({ input, message: 'folder has no files' });
      for (const file of found) await add(file, toPosix(relative(input, file)));
      continue;
    }
    if (info?.isFile()) {
      await add(input, basename(input));
      continue;
    }
    if (/[*?]/.test(input)) {
      const posix = toPosix(input);
      const parts = posix.split('/');
      const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
      const base = parts.slice(0, firstGlob).join('/') || '.';
      const regex = globToRegExp(parts.slice(firstGlob).join('/'));
      const found = (await stat(base).catch(() => null))?.isDirectory()
        ? (await walk(base)).filter((f) =>
            regex.test(toPosix(relative(base, f)))
          )
        : [];
      if (found.length === 0)
        problems.push({ input, message: 'no files match' });
      for (const file of found) await add(file, toPosix(relative(base, file)));
      continue;
    }
    problems.push({ input, message: 'no such file or folder' });
  }
  return { files: [...files.values()], problems };
}

/** SHA-256 of a file as lower-case hex, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.json': 'application/json',
};

/** A content type from the extension (the pipeline sniffs bytes anyway). */
export function contentTypeFor(path: string): string {
  const ext = path.slice(path.lastIndexOf('.')).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

/** Bytes as `1.2 KB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
