/**
 * `runtime.json` in the data dir: how a CLI command in another process
 * finds a runtime that is already running on the same data (dynalite's
 * LevelDB store cannot be opened twice), and talks to it instead of
 * starting a second one. The file says where a runtime is; whether one
 * runs is the lock's to say (local/lock.ts): a runtime that is slow to
 * answer is waited for, never doubled.
 */

import { readFileSync, rmSync } from 'node:fs';
import {
  chmod,
  mkdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { secretHeaders } from './boundary.ts';
import { processAlive } from './lock.ts';

export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  region: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  /** The runtime's HTTP server (API, web page, `/_local/*` control routes). */
  httpUrl: string;
  rawBucket: string;
  derivedBucket: string;
  tableName: string;
  uploadPrefix: string;
  /**
   * The HTTP server's per-run secret (local/boundary.ts): commands send it
   * as a header. The file is written with mode 0600 for this reason.
   */
  secret: string;
  /**
   * The runtime ends with the command that started it (`archive upload`
   * without `archive up`): read-only commands may use it; commands that
   * ingest wait for it to end (work handed to it could be cut off).
   */
  ephemeral?: boolean;
}

const FILE = 'runtime.json';

/** Records this runtime for commands in other processes. */
export async function writeRuntimeInfo(
  dataDir: string,
  info: RuntimeInfo
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  // owner-only from the first byte (it holds the secret), then in place
  const file = join(dataDir, FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(info, null, 2)}\n`, {
    mode: 0o600,
  });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

/** Removes the file if it still describes this process's runtime. */
export async function removeRuntimeInfo(
  dataDir: string,
  pid: number
): Promise<void> {
  const info = await readRuntimeInfo(dataDir);
  if (info?.pid === pid) await rm(join(dataDir, FILE), { force: true });
}

/** `removeRuntimeInfo` for exits that cannot wait (a second Ctrl-C). */
export function removeRuntimeInfoSync(dataDir: string, pid: number): void {
  const file = join(dataDir, FILE);
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    if (info.pid === pid) rmSync(file, { force: true });
  } catch {
    // gone already, or unreadable: a dead pid makes it stale anyway
  }
}

/** What `runtime.json` says, or null (no file, or not JSON). */
export async function readRuntimeInfo(
  dataDir: string
): Promise<RuntimeInfo | null> {
  try {
    return JSON.parse(
      await readFile(join(dataDir, FILE), 'utf8')
    ) as RuntimeInfo;
  } catch {
    return null;
  }
}

/**
 * The runtime running on `dataDir`, or null: the file must name a live
 * process whose HTTP server answers its health check. A stale file (the
 * process crashed) is ignored. A runtime of this very process counts too:
 * commands run in-process (tests) talk to it over HTTP like any other.
 */
export async function findRunningRuntime(
  dataDir: string
): Promise<RuntimeInfo | null> {
  const info = await readRuntimeInfo(dataDir);
  if (!info || !processAlive(info.pid)) {
    return null;
  }
  try {
    const response = await fetch(`${info.httpUrl}/api/health`, {
      headers: secretHeaders(info.secret ?? ''),
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok ? info : null;
  } catch {
    return null;
  }
}
