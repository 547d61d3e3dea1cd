/**
 * One runtime per data dir: an exclusive lock file, `<data>/runtime.lock`,
 * created with `O_CREAT | O_EXCL` (`wx`) and holding the owner's pid.
 *
 * dynalite's LevelDB store cannot be opened by two processes, and two
 * runtimes on one data dir would each reconcile and ingest the same
 * objects. A health probe cannot decide this (a busy runtime answers late;
 * a probe that times out would start a second one); the file system can:
 * exactly one `wx` create succeeds.
 *
 * A lock left by a process that died (SIGKILL, power cut) is stale: its pid
 * no longer runs. The next runtime takes it over, through a rename so two
 * processes taking over at once cannot both win (the loser sees that the
 * file it renamed was not the stale one and puts it back).
 */

import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { asStorageFault } from './storage-fault.ts';

/** The lock file's name in the data dir. */
export const LOCK_FILE = 'runtime.lock';

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  /** Host name: a pid means nothing on another machine (a shared disk). */
  host: string;
  startedAt: string;
}

/** The data dir is held by a live process (another runtime, or starting). */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner
  ) {
    super(
      `${dataDir} is in use by another runtime (pid ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`}, since ${owner.startedAt}); stop it, or pass --data DIR`
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock. `release` is idempotent and removes only our own file. */
export interface DataDirLock {
  file: string;
  owner: LockOwner;
  release(): Promise<void>;
  /** For exit paths that cannot wait (a second Ctrl-C, a fatal fault). */
  releaseSync(): void;
}

/** True while `pid` runs (EPERM: it runs under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LockOptions {
  /** The owner written into the file (default: this process). */
  pid?: number;
  /** Liveness check (tests pass their own). */
  isAlive?: (pid: number) => boolean;
  /** How long a lock file may stay empty (being written) before it is stale. */
  partialMs?: number;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid)) {
      return {
        pid: value.pid,
        host: typeof value.host === 'string' ? value.host : hostname(),
        startedAt:
          typeof value.startedAt === 'string' ? value.startedAt : 'unknown',
      };
    }
  } catch {
    // empty or half-written: the caller waits and reads again
  }
  return null;
}

async function readOwner(file: string): Promise<LockOwner | null | 'gone'> {
  try {
    return parseOwner(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the data dir's lock, or throws `DataDirLockedError` naming the
 * live owner. A storage fault (read-only dir, disk full) is thrown as a
 * `StorageFaultError` naming the lock file.
 *
 * @param dataDir the data dir (created by the caller)
 * @param options owner pid and liveness check (tests)
 */
export async function acquireDataDirLock(
  dataDir: string,
  options: LockOptions = {}
): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  const isAlive = options.isAlive ?? processAlive;
  const owner: LockOwner = {
    pid: options.pid ?? process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
  };
  const partialMs = options.partialMs ?? 1_000;
  const text = `${JSON.stringify(owner)}\n`;
  let partialSince: number | null = null;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      await writeFile(file, text, { flag: 'wx', mode: 0o644 });
      return heldLock(file, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw asStorageFault(error, file) ?? error;
      }
    }
    const current = await readOwner(file);
    if (current === 'gone') continue;
    if (current === null) {
      // created but not written yet (or cut short by a crash): wait a little
      partialSince ??= Date.now();
      if (Date.now() - partialSince < partialMs) {
        await sleep(20);
        continue;
      }
      await takeOver(file, null);
      continue;
    }
    partialSince = null;
    // on another host the pid cannot be checked: the lock is respected
    if (current.host !== owner.host || isAlive(current.pid)) {
      throw new DataDirLockedError(dataDir, current);
    }
    await takeOver(file, current);
  }
  throw new Error(`${file}: could not take the lock (it keeps changing)`);
}

/**
 * Removes a stale lock. Renaming is atomic: of two processes taking over
 * the same stale file, one renames it; the other renames whatever is
 * there then (maybe the winner's fresh lock), sees that it is not the
 * stale owner, and links it back.
 */
async function takeOver(file: string, stale: LockOwner | null): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw asStorageFault(error, file) ?? error;
  }
  const moved = parseOwner(await readFile(aside, 'utf8').catch(() => ''));
  const wasStale = stale === null ? moved === null : moved?.pid === stale.pid;
  if (!wasStale) {
    // someone else's fresh lock: put it back unless a third one took over
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function heldLock(file: string, owner: LockOwner): DataDirLock {
  let released = false;
  const ours = (text: string) => parseOwner(text)?.pid === owner.pid;
  return {
    file,
    owner,
    async release() {
      if (released) return;
      released = true;
      const text = await readFile(file, 'utf8').catch(() => '');
      if (ours(text)) await unlink(file).catch(() => undefined);
    },
    releaseSync() {
      if (released) return;
      released = true;
      try {
        if (ours(readFileSync(file, 'utf8'))) unlinkSync(file);
      } catch {
        // already gone, or the disk refuses: a dead pid is a stale lock
      }
    },
  };
}

/**
 * The live owner of the data dir's lock, or null (no lock, or a stale
 * one). For commands deciding whether to wait for a starting runtime.
 */
export async function lockOwner(
  dataDir: string,
  isAlive: (pid: number) => boolean = processAlive
): Promise<LockOwner | null> {
  const current = await readOwner(join(dataDir, LOCK_FILE)).catch(() => null);
  if (current === null || current === 'gone') return null;
  return current.host !== hostname() || isAlive(current.pid) ? current : null;
}
