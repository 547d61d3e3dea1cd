/**
 * Storage faults of the embedded runtime: a data dir that cannot be
 * written (read-only file system, permissions) or a disk that fills up.
 *
 * They end in one line naming the path and the cause, never in a vendor's
 * stack trace (dynalite throws LevelDB errors from a callback, uncaught;
 * s3rver leaves a truncated object behind), and nothing is lost: the
 * runtime refuses to start on a data dir it cannot write (`assertWritable`),
 * refuses an object it could not store whole (local/s3rver-store.ts), and
 * stops at the first fault while running, so what was not stored is still
 * in the uploader's hands and what was stored is reconciled at the next
 * start.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What each errno means to the user. Only codes that say "this storage
 * cannot take writes"; anything else is a defect and keeps its stack.
 */
const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
};

/**
 * LevelDB (dynalite's store) reports file errors as text inside
 * `LEVEL_IO_ERROR`, e.g. `IO error: /d/000005.log: No space left on device`.
 */
const LEVEL_MESSAGES: [RegExp, string][] = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
  [/Permission denied/i, 'EACCES'],
  [/Operation not permitted/i, 'EPERM'],
];

/** A write the storage refused: the one line to print is the message. */
export class StorageFaultError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    options?: ErrorOptions
  ) {
    super(`cannot write ${path}: ${CAUSES[code] ?? code} (${code})`, options);
    this.name = 'StorageFaultError';
  }
}

interface ErrorLike {
  code?: unknown;
  path?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * The storage fault behind `error` (looking through `cause`), or null.
 *
 * @param error what was thrown
 * @param fallbackPath the path to name when the error carries none
 */
export function asStorageFault(
  error: unknown,
  fallbackPath: string
): StorageFaultError | null {
  for (let e = error, depth = 0; depth < 5; depth += 1) {
    if (e instanceof StorageFaultError) return e;
    if (typeof e !== 'object' || e === null) return null;
    const { code, path, message, cause } = e as ErrorLike;
    const where = typeof path === 'string' ? path : fallbackPath;
    if (typeof code === 'string' && CAUSES[code]) {
      return new StorageFaultError(where, code, { cause: error });
    }
    if (typeof message === 'string') {
      for (const [pattern, mapped] of LEVEL_MESSAGES) {
        if (pattern.test(message)) {
          // LevelDB names the file: `IO error: <path>: <reason>`
          const named = /IO error: ([^:]+):/.exec(message)?.[1];
          return new StorageFaultError(named ?? where, mapped, {
            cause: error,
          });
        }
      }
    }
    e = cause;
  }
  return null;
}

/** The file operations `assertWritable` uses (a seam for injected faults). */
export interface WriteProbeFs {
  mkdir: (dir: string) => Promise<unknown>;
  writeFile: (file: string, text: string) => Promise<void>;
  rm: (file: string) => Promise<void>;
}

const nodeFs: WriteProbeFs = {
  mkdir: (dir) => mkdir(dir, { recursive: true }),
  writeFile: (file, text) => writeFile(file, text, { flag: 'wx' }),
  rm: (file) => rm(file, { force: true }),
};

/**
 * Creates each folder if needed and proves it takes a write (a small file
 * created and removed), so a read-only or full data dir is one clear line
 * before any server opens it.
 *
 * @param dirs folders the runtime writes
 * @param fs file operations (tests inject EROFS or ENOSPC here)
 */
export async function assertWritable(
  dirs: readonly string[],
  fs: WriteProbeFs = nodeFs
): Promise<void> {
  for (const dir of dirs) {
    const probe = join(dir, `.write-check-${process.pid}`);
    try {
      await fs.mkdir(dir);
      await fs.writeFile(probe, 'ok\n');
      await fs.rm(probe);
    } catch (error) {
      // name the folder, not the probe file the error carries
      const fault = asStorageFault(error, dir);
      throw fault
        ? new StorageFaultError(dir, fault.code, { cause: error })
        : error;
    }
  }
}

/**
 * A listener for `process.on('uncaughtException')` that hands storage
 * faults to `onFault` and lets every other error crash the process as it
 * would have (printed with its stack, exit 1). dynalite throws LevelDB's
 * errors from a callback, where nothing else can catch them.
 *
 * @param onFault called once per fault (it should stop the runtime and exit)
 * @param fallbackPath the path to name when the error carries none
 */
export function storageFaultListener(
  onFault: (fault: StorageFaultError) => void,
  fallbackPath: string
): (error: unknown) => void {
  const listener = (error: unknown) => {
    const fault = asStorageFault(error, fallbackPath);
    if (fault) {
      onFault(fault);
      return;
    }
    process.off('uncaughtException', listener);
    // another listener (a test runner) got the same error and reports it;
    // with none, crash as Node would have (the stack, exit 1)
    if (process.listenerCount('uncaughtException') > 0) return;
    process.nextTick(() => {
      throw error;
    });
  };
  return listener;
}
