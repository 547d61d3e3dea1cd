/**
 * Local files for `archive upload` and `archive up`: files, folders (walked
 * recursively, dot-files skipped) and globs (`*`, `?`, `**`; Node 20 has no
 * fs.glob), each with the object key it gets under the upload prefix.
 *
 * Symbolic links are followed, as `aws s3 sync` does by default: a linked
 * file is uploaded under the link's own path, a linked folder is walked.
 * Nothing is skipped silently: a link whose target is missing, a link
 * that leads back into a folder being walked (a loop), an entry that is
 * not a regular file (socket, FIFO, device) and a folder that cannot be
 * read are listed as problems with the reason, and the command exits 1.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

export interface LocalFile {
  path: string;
  /** Key relative to the upload prefix, with `/` separators. */
  relativeKey: string;
  size: number;
}

export interface Collected {
  files: LocalFile[];
  /** Inputs that matched nothing and entries skipped, with why. */
  problems: { input: string; message: string }[];
}

/** An entry a walk could not take, with why (`folder`: a whole subtree). */
interface WalkProblem {
  path: string;
  message: string;
  folder: boolean;
}

const errorCode = (error: unknown) =>
  (error as NodeJS.ErrnoException).code ?? String(error);

/** What a directory entry is, following a symbolic link. */
async function entryKind(
  full: string,
  entry: Dirent
): Promise<'dir' | 'file' | 'other' | WalkProblem> {
  let info: Stats | Dirent = entry;
  if (entry.isSymbolicLink()) {
    try {
      info = await stat(full);
    } catch (error) {
      const code = errorCode(error);
      return {
        path: full,
        folder: false,
        message:
          code === 'ENOENT'
            ? 'broken symlink (its target does not exist): skipped'
            : code === 'ELOOP'
              ? 'symlink loop (the link leads to itself): skipped'
              : `symlink cannot be followed (${code}): skipped`,
      };
    }
  }
  if (info.isDirectory()) return 'dir';
  if (info.isFile()) return 'file';
  return 'other';
}

/**
 * The files below `dir`, sorted, following links. `ancestors` holds the
 * real paths of the folders being walked: a link back into one of them
 * is a loop, reported once instead of walked forever.
 */
async function walk(
  dir: string,
  problems: WalkProblem[],
  ancestors: ReadonlySet<string> = new Set()
): Promise<string[]> {
  const real = await realpath(dir);
  if (ancestors.has(real)) {
    problems.push({
      path: dir,
      folder: true,
      message: `symlink loop (leads back to ${real}): skipped`,
    });
    return [];
  }
  const chain = new Set(ancestors).add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({
      path: dir,
      folder: true,
      message: `folder cannot be read (${errorCode(error)}): skipped`,
    });
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const kind = await entryKind(full, entry);
    if (kind === 'dir') out.push(...(await walk(full, problems, chain)));
    else if (kind === 'file') out.push(full);
    else if (kind === 'other') {
      problems.push({
        path: full,
        folder: false,
        message: 'not a regular file (socket, FIFO or device): skipped',
      });
    } else problems.push(kind);
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
      const skipped: WalkProblem[] = [];
      const found = await walk(input, skipped);
      for (const p of skipped)
        problems.push({ input: p.path, message: p.message });
      if (found.length === 0 && skipped.length === 0)
        problems.push({ input, message: 'folder has no files' });
      for (const file of found) await add(file, toPosix(relative(input, file)));
      continue;
    }
    if (info?.isFile()) {
      await add(input, basename(input));
      continue;
    }
    if (info) {
      problems.push({
        input,
        message: 'not a regular file (socket, FIFO or device)',
      });
      continue;
    }
    if (/[*?]/.test(input)) {
      const posix = toPosix(input);
      const parts = posix.split('/');
      const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
      const base = parts.slice(0, firstGlob).join('/') || '.';
      const regex = globToRegExp(parts.slice(firstGlob).join('/'));
      const matches = (path: string) =>
        regex.test(toPosix(relative(base, path)));
      const skipped: WalkProblem[] = [];
      const found = (await stat(base).catch(() => null))?.isDirectory()
        ? (await walk(base, skipped)).filter(matches)
        : [];
      // a skipped entry matters when the glob would have taken it
      for (const p of skipped) {
        if (p.folder || matches(p.path)) {
          problems.push({ input: p.path, message: p.message });
        }
      }
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
