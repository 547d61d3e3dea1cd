/**
 * `runtime.json` in the data dir: how a CLI command in another process
 * finds a runtime that is already running on the same data (dynalite's
 * LevelDB store cannot be opened twice), and talks to it instead of
 * starting a second one.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
}

const FILE = 'runtime.json';

/** Records this runtime for commands in other processes. */
export async function writeRuntimeInfo(
  dataDir: string,
  info: RuntimeInfo
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, FILE), `${JSON.stringify(info, null, 2)}\n`);
}

/** Removes the file if it still describes this process's runtime. */
export async function removeRuntimeInfo(
  dataDir: string,
  pid: number
): Promise<void> {
  const info = await readRuntimeInfo(dataDir);
  if (info?.pid === pid) await rm(join(dataDir, FILE), { force: true });
}

async function readRuntimeInfo(dataDir: string): Promise<RuntimeInfo | null> {
  try {
    return JSON.parse(
      await readFile(join(dataDir, FILE), 'utf8')
    ) as RuntimeInfo;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok ? info : null;
  } catch {
    return null;
  }
}
