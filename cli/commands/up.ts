/**
 * `archive up` (= `npm start`): the whole pipeline on this machine.
 * Starts the embedded runtime, uploads the sample pages (or `--dir`),
 * waits until each is ingested, prints a summary, then serves the query
 * API and web page on http://127.0.0.1:3000 until Ctrl-C (`--once`: exit
 * after the summary).
 *
 * Ctrl-C at any point: the files and batches in flight finish, the command
 * says what was done and what remains (picked up at the next start),
 * removes `runtime.json` and the lock, and exits 130 (a second Ctrl-C
 * quits at once).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { mountQueryApi } from '#local/api-mount.ts';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HTTP_PORT,
  type LocalRuntime,
  type RuntimeOptions,
  startRuntime,
} from '#local/runtime.ts';
import { findRunningRuntime } from '#local/state-file.ts';
import {
  formatReport,
  reportOutcomes,
  settleWithProgress,
} from '../ingest-report.ts';
import {
  type CliIo,
  ExitError,
  exitOnStorageFault,
  processIo,
  runAction,
  watchInterrupts,
  whenAborted,
} from '../io.ts';
import { startupProgress } from '../progress.ts';
import { embeddedTarget } from '../target.ts';
import { collectFiles } from '../upload-files.ts';
import { formatInterrupted, uploadWithProgress } from './upload.ts';

export const DEFAULT_SAMPLE_DIR = 'fixtures/pages';

export interface UpOptions {
  dir?: string;
  data?: string;
  memory?: boolean;
  port?: number;
  once?: boolean;
  /** Test hook: runtime overrides. */
  runtime?: RuntimeOptions;
  /** Test hook: resolves to stop serving (exit 0; Ctrl-C exits 130). */
  until?: Promise<void>;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) {
    throw new InvalidArgumentError(
      'must be a port number 0-65535 (0: any free port).'
    );
  }
  return n;
}

/** The HTTP port: --port, else ARCHIVE_PORT, else 3000. */
export function resolvePort(
  flag: number | undefined,
  env = process.env
): number {
  if (flag !== undefined) return flag;
  const fromEnv = env.ARCHIVE_PORT;
  if (fromEnv) {
    try {
      return portNumber(fromEnv);
    } catch {
      throw new ExitError(
        `ARCHIVE_PORT must be a port number, got "${fromEnv}"`,
        2
      );
    }
  }
  return DEFAULT_HTTP_PORT;
}

/** The command body; resolves with the exit code once it has stopped. */
export async function runUp(
  options: UpOptions,
  io: CliIo = processIo
): Promise<number> {
  const started = Date.now();
  const dataDir = options.data ?? DEFAULT_DATA_DIR;
  if (!options.memory) {
    const running = await findRunningRuntime(dataDir);
    if (running) {
      throw new ExitError(
        `a runtime already runs on ${dataDir} (pid ${running.pid}, ${running.httpUrl}); stop it or pass --data DIR`
      );
    }
  }
  const dir = options.dir ?? DEFAULT_SAMPLE_DIR;
  const collected = await collectFiles([dir]);
  if (collected.files.length === 0) {
    throw new ExitError(
      `${dir}: ${collected.problems[0]?.message ?? 'no pages'}`,
      2
    );
  }
  // what is not uploaded is said, never dropped (symlink loops, sockets...)
  for (const p of collected.problems) {
    io.stderr(`archive up: ${p.input}: ${p.message}\n`);
  }

  let runtime: LocalRuntime | undefined;
  const interrupt = watchInterrupts(io, {
    onForce: () => runtime?.releaseSync(),
  });
  const startup = startupProgress(io);
  try {
    runtime = await startRuntime({
      dataDir,
      memory: options.memory,
      httpPort: resolvePort(options.port),
      reconcile: true,
      // 503 "starting" on /api/* until the query API is mounted below
      holdStarting: true,
      onStartup: startup.onStartup,
      onStorageFault: exitOnStorageFault,
      log: (line) => io.stderr(`${line}\n`),
      ...options.runtime,
    });
  } catch (error) {
    interrupt.dispose();
    throw error;
  } finally {
    startup.stop();
  }
  const target = embeddedTarget(
    runtime,
    options.memory
      ? 'embedded runtime (in memory)'
      : `embedded runtime on ${dataDir}`
  );
  try {
    const api = await mountQueryApi(runtime, target.query, (line) =>
      io.stderr(`${line}\n`)
    );
    runtime.http.setStarting(null);
    io.stdout(
      `Embedded runtime ${options.memory ? 'in memory' : `on ${dataDir}`}; ` +
        `ingesting ${collected.files.length} page(s) from ${dir}\n`
    );
    if (runtime.reconciled.length > 0) {
      io.stdout(
        `Resuming ${runtime.reconciled.length} page(s) left unprocessed by an earlier run\n`
      );
    }
    const baseline = await target.queueStats();
    const upload = await uploadWithProgress(
      target,
      collected.files,
      { signal: interrupt.signal },
      io
    );
    const settled =
      !interrupt.signal.aborted &&
      (await settleWithProgress(target, io, {
        baseline,
        signal: interrupt.signal,
      }));
    // Ctrl-C: the batches in flight finish; the queued rest is handed back
    if (!settled) await target.stopIngesting();
    const keys = [...upload.uploaded.map((u) => u.key), ...runtime.reconciled];
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    let waiting = 0;
    if (keys.length === 0) {
      io.stdout(
        `Nothing new: ${upload.unchanged.length} page(s) already ingested (${elapsed} s).\n`
      );
    } else {
      const report = await reportOutcomes(target, keys);
      waiting = report.pending.length;
      io.stdout(formatReport(report, 'Pages processed'));
      io.stdout(
        `Uploaded ${upload.uploaded.length}, unchanged ${upload.unchanged.length}, upload failures ${upload.failed.length}; elapsed ${elapsed} s\n`
      );
    }
    const interrupted = interrupt.exitCode();
    if (interrupted !== null) {
      io.stdout(formatInterrupted(upload, waiting, target));
      return interrupted;
    }
    const stale = await runtime.store.listRecords({
      staleIndex: true,
      limit: 1,
    });
    if (stale.items.length > 0) {
      io.stdout(
        'Some records were indexed by an older version (person search and facets may miss them): run `archive reprocess --stale`.\n'
      );
    }
    if (options.once) {
      return upload.failed.length > 0 || collected.problems.length > 0 ? 1 : 0;
    }

    io.stdout(
      `Serving on ${runtime.http.openUrl} (query API: ${api ? `${runtime.http.url}/api/` : 'not built yet; /api/health only'}; open this URL: it carries the run's secret). Press Ctrl-C to stop.\n`
    );
    await Promise.race([
      options.until ?? new Promise<void>(() => undefined),
      whenAborted(interrupt.signal),
    ]);
    io.stdout('Stopping...\n');
    const stopped = interrupt.exitCode();
    if (stopped === null) return 0;
    // Ctrl-C while serving: what the queue finished, and what it hands back
    await target.stopIngesting();
    const stats = runtime.dispatcher.stats;
    const left = stats.enqueued - stats.succeeded - stats.deadLettered;
    io.stdout(
      `Stopped: ${stats.succeeded} message(s) handled this run` +
        (left > 0
          ? `; ${left} not handled yet: the next 'archive up' or 'archive upload' on this data dir picks them up.\n`
          : '; nothing left to do.\n')
    );
    return stopped;
  } finally {
    interrupt.dispose();
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description(
      'run the pipeline on this machine: ingest sample pages, then serve http://127.0.0.1:3000'
    )
    .option('--dir <dir>', 'pages to ingest', DEFAULT_SAMPLE_DIR)
    .option('--data <dir>', 'where data persists', DEFAULT_DATA_DIR)
    .option('--memory', 'throwaway run with in-memory data')
    .option(
      '--port <port>',
      'HTTP port (env ARCHIVE_PORT; 0 = any free port)',
      portNumber
    )
    .option('--once', 'ingest, print the summary and exit')
    .action(async (opts: UpOptions) => {
      await runAction(() => runUp(opts));
    });
}
