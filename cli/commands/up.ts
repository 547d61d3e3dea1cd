/**
 * `archive up` (= `npm start`): the whole pipeline on this machine.
 * Starts the embedded runtime, uploads the sample pages (or `--dir`),
 * waits until each is ingested, prints a summary, then serves the query
 * API and web page on http://127.0.0.1:3000 until Ctrl-C (`--once`: exit
 * after the summary).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { mountQueryApi } from '#local/api-mount.ts';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HTTP_PORT,
  type RuntimeOptions,
  startRuntime,
} from '#local/runtime.ts';
import { findRunningRuntime } from '#local/state-file.ts';
import { formatReport, reportOutcomes } from '../ingest-report.ts';
import { type CliIo, ExitError, processIo, runAction } from '../io.ts';
import { embeddedTarget } from '../target.ts';
import { collectFiles } from '../upload-files.ts';
import { uploadWithProgress } from './upload.ts';

export const DEFAULT_SAMPLE_DIR = 'fixtures/pages';

export interface UpOptions {
  dir?: string;
  data?: string;
  memory?: boolean;
  port?: number;
  once?: boolean;
  /** Test hook: runtime overrides. */
  runtime?: RuntimeOptions;
  /** Test hook: resolves to stop serving (default: SIGINT/SIGTERM). */
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

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
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

  const runtime = await startRuntime({
    dataDir,
    memory: options.memory,
    httpPort: resolvePort(options.port),
    reconcile: true,
    log: (line) => io.stderr(`${line}\n`),
    ...options.runtime,
  });
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
    io.stdout(
      `Embedded runtime ${options.memory ? 'in memory' : `on ${dataDir}`}; ` +
        `ingesting ${collected.files.length} page(s) from ${dir}\n`
    );
    if (runtime.reconciled.length > 0) {
      io.stdout(
        `Resuming ${runtime.reconciled.length} page(s) left unprocessed by an earlier run\n`
      );
    }
    const upload = await uploadWithProgress(target, collected.files, {}, io);
    await target.settle();
    const keys = [...upload.uploaded.map((u) => u.key), ...runtime.reconciled];
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    if (keys.length === 0) {
      io.stdout(
        `Nothing new: ${upload.unchanged.length} page(s) already ingested (${elapsed} s).\n`
      );
    } else {
      const report = await reportOutcomes(target, keys);
      io.stdout(formatReport(report, 'Pages processed'));
      io.stdout(
        `Uploaded ${upload.uploaded.length}, unchanged ${upload.unchanged.length}, upload failures ${upload.failed.length}; elapsed ${elapsed} s\n`
      );
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
    if (options.once) return upload.failed.length > 0 ? 1 : 0;

    io.stdout(
      `Serving on ${runtime.http.url} (query API: ${api ? `${runtime.http.url}/api/` : 'not built yet; /api/health only'}). Press Ctrl-C to stop.\n`
    );
    await (options.until ?? signalled());
    io.stdout('Stopping...\n');
    return 0;
  } finally {
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
