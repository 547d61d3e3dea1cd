/**
 * `archive upload <files|folders|globs...>`: bulk upload into the raw
 * bucket's `incoming/` prefix, which triggers ingestion.
 *
 * Each object carries its SHA-256 as metadata (`x-amz-meta-sha256`); a file
 * whose object already has the same checksum is skipped (HeadObject), so
 * re-running an upload sends only what changed. Large files go multipart
 * (lib-storage `Upload`). A failed file is reported and the rest go on; the
 * exit code is 1 if any failed. When the target itself is gone (the
 * runtime stopped, the network or credentials failed), the upload stops at
 * the first such error with one message and how to resume, instead of a
 * line per remaining file. Ctrl-C stops starting files, lets those in
 * flight finish, says what was done and what remains, and exits 130.
 */
import { createReadStream } from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Command } from 'commander';
import pLimit from 'p-limit';
import {
  formatReport,
  reportOutcomes,
  settleWithProgress,
} from '../ingest-report.ts';
import {
  type CliIo,
  isUnreachable,
  positiveInt,
  processIo,
  runAction,
  UsageError,
  watchInterrupts,
} from '../io.ts';
import { startProgress, startupProgress } from '../progress.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
} from '../target.ts';
import {
  collectFiles,
  contentTypeFor,
  formatBytes,
  type LocalFile,
  sha256File,
} from '../upload-files.ts';

/** Multipart above this size (and part size). */
const PART_SIZE = 8 * 1024 * 1024;

export interface UploadOptions {
  /** Extra key prefix under the upload prefix (`incoming/<prefix>/...`). */
  prefix?: string;
  concurrency?: number;
  /** Aborted (Ctrl-C): no new file starts; files in flight finish. */
  signal?: AbortSignal;
}

export interface UploadResult {
  files: number;
  uploaded: { file: string; key: string; size: number }[];
  unchanged: { file: string; key: string }[];
  failed: { file: string; message: string }[];
  /** Files never started: the upload was interrupted or stopped. */
  remaining: string[];
  /**
   * Why the upload stopped before the end: Ctrl-C, or the target gone
   * (with the first error's message); null when every file was tried.
   */
  stopped: { reason: 'interrupted' | 'unreachable'; message: string } | null;
  bytes: number;
  elapsedMs: number;
}

/** The object key of a file: upload prefix + optional prefix + relative key. */
export function objectKeyFor(
  uploadPrefix: string,
  prefix: string | undefined,
  file: LocalFile
): string {
  const extra = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return `${uploadPrefix}${extra ? `${extra}/` : ''}${file.relativeKey}`;
}

/**
 * True when the object holds this file already: same SHA-256 metadata and
 * the same size (an object cut short by a storage fault keeps the
 * metadata of the whole file; the size tells them apart).
 */
async function unchangedObject(
  target: Target,
  bucket: string,
  key: string,
  file: { sha256: string; size: number }
): Promise<boolean> {
  try {
    const head = await target.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key })
    );
    return (
      head.Metadata?.sha256 === file.sha256 &&
      (head.ContentLength === undefined || head.ContentLength === file.size)
    );
  } catch (error) {
    const e = error as {
      name?: string;
      $metadata?: { httpStatusCode?: number };
    };
    if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

/**
 * Uploads files to the target, skipping unchanged ones.
 *
 * @param target where to upload
 * @param files the resolved local files
 * @param options prefix, concurrency, interruption
 * @param onProgress called after each file with its outcome line
 */
export async function uploadFiles(
  target: Target,
  files: readonly LocalFile[],
  options: UploadOptions = {},
  onProgress?: (line: string, bytes: number) => void
): Promise<UploadResult> {
  const started = Date.now();
  const bucket = target.rawBucket();
  const limit = pLimit(options.concurrency ?? 4);
  const result: UploadResult = {
    files: files.length,
    uploaded: [],
    unchanged: [],
    failed: [],
    remaining: [],
    stopped: null,
    bytes: 0,
    elapsedMs: 0,
  };
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        if (options.signal?.aborted && !result.stopped) {
          result.stopped = { reason: 'interrupted', message: 'interrupted' };
        }
        if (result.stopped) {
          result.remaining.push(file.path);
          return;
        }
        const key = objectKeyFor(target.uploadPrefix, options.prefix, file);
        try {
          const sha256 = await sha256File(file.path);
          if (
            await unchangedObject(target, bucket, key, {
              sha256,
              size: file.size,
            })
          ) {
            result.unchanged.push({ file: file.path, key });
            onProgress?.(`unchanged ${key}`, file.size);
            return;
          }
          await new Upload({
            client: target.s3,
            partSize: PART_SIZE,
            queueSize: 2,
            params: {
              Bucket: bucket,
              Key: key,
              Body: createReadStream(file.path),
              ContentType: contentTypeFor(file.path),
              Metadata: { sha256 },
            },
          }).done();
          result.uploaded.push({ file: file.path, key, size: file.size });
          result.bytes += file.size;
          onProgress?.(
            `uploaded ${key} (${formatBytes(file.size)})`,
            file.size
          );
        } catch (error) {
          const message =
            error instanceof Error
              ? error.message || error.name
              : String(error);
          if (isUnreachable(error)) {
            // the target is gone: every other file would fail the same way
            result.stopped ??= { reason: 'unreachable', message };
            result.remaining.push(file.path);
            return;
          }
          result.failed.push({ file: file.path, message });
          onProgress?.(`FAILED ${file.path}: ${message}`, file.size);
        }
      })
    )
  );
  result.elapsedMs = Date.now() - started;
  return result;
}

/** One summary line of an upload. */
export function formatUploadSummary(result: UploadResult): string {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  if (
    result.uploaded.length === 0 &&
    result.failed.length === 0 &&
    !result.stopped
  ) {
    return `Nothing to upload: all ${result.unchanged.length} file(s) unchanged.\n`;
  }
  return (
    `Uploaded ${result.uploaded.length} file(s) (${formatBytes(result.bytes)}), ` +
    `${result.unchanged.length} unchanged, ${result.failed.length} failed` +
    (result.remaining.length
      ? `, ${result.remaining.length} not uploaded`
      : '') +
    `, in ${seconds} s.\n`
  );
}

/**
 * The one message of an upload that stopped because the target is gone,
 * with how to resume.
 *
 * @param result the stopped upload
 * @param label the target, as `Target.label` names it
 */
export function formatUnreachableStop(
  result: UploadResult,
  label: string
): string {
  const first = (result.stopped?.message ?? '').split('\n')[0];
  return (
    `archive: upload stopped: cannot reach ${label}: ${first}; ` +
    `${result.uploaded.length} file(s) uploaded, ${result.remaining.length} not uploaded. ` +
    'Run the same command again once it is back: files already uploaded are skipped.\n'
  );
}

/**
 * Runs an upload with progress on `io`: a bar with rate and time left on a
 * terminal; otherwise a line per file on stdout and a progress line on
 * stderr every few seconds.
 */
export async function uploadWithProgress(
  target: Target,
  files: readonly LocalFile[],
  options: UploadOptions,
  io: CliIo
): Promise<UploadResult> {
  const progress = startProgress(io, {
    label: 'upload',
    unit: 'files',
    total: files.length,
  });
  const failures: string[] = [];
  try {
    return await uploadFiles(target, files, options, (line) => {
      if (io.isTTY) {
        if (line.startsWith('FAILED')) failures.push(line);
      } else io.stdout(`${line}\n`);
      progress.increment(line);
    });
  } finally {
    progress.stop();
    // printed after the bar so they do not tear it
    for (const line of failures) io.stderr(`${line}\n`);
  }
}

export interface UploadCommandOptions extends TargetFlags, UploadOptions {}

/**
 * What an interrupted upload did and what remains (after its summary and
 * ingest report).
 */
export function formatInterrupted(
  result: UploadResult,
  waiting: number,
  target: Pick<Target, 'attached' | 'label'>
): string {
  const lines = [
    `Interrupted: ${result.uploaded.length} file(s) uploaded, ${result.unchanged.length} unchanged, ${result.remaining.length} not uploaded.`,
  ];
  if (result.remaining.length > 0) {
    lines.push(
      '  Run the same command again to upload the rest: files already uploaded are skipped.'
    );
  }
  if (waiting > 0) {
    lines.push(
      target.attached
        ? `  ${waiting} uploaded page(s) are still queued in ${target.label}, which goes on with them.`
        : `  ${waiting} uploaded page(s) were not ingested yet: the next 'archive upload' or 'archive up' on this data dir ingests them.`
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The command body: resolve files, upload, wait for local ingestion. */
export async function runUpload(
  inputs: readonly string[],
  options: UploadCommandOptions,
  io: CliIo = processIo
): Promise<number> {
  const collected = await collectFiles(inputs);
  for (const p of collected.problems)
    io.stderr(`archive upload: ${p.input}: ${p.message}\n`);
  if (collected.files.length === 0) {
    throw new UsageError('no files to upload');
  }
  let target: Target | undefined;
  const interrupt = watchInterrupts(io, {
    onForce: () => target?.releaseSync(),
  });
  const startup = startupProgress(io);
  try {
    target = await openTarget(options, {
      ingest: true,
      requires: ['bucket'],
      runtime: { onStartup: startup.onStartup },
      onWait: (message) => io.stderr(`archive: ${message}\n`),
    });
    startup.stop();
    const baseline = await target.queueStats();
    const result = await uploadWithProgress(
      target,
      collected.files,
      { ...options, signal: interrupt.signal },
      io
    );
    io.stdout(formatUploadSummary(result));
    if (result.stopped?.reason === 'unreachable') {
      io.stderr(formatUnreachableStop(result, target.label));
      return 1;
    }
    let waiting = 0;
    if (target.kind === 'local' && result.uploaded.length > 0) {
      const settled = await settleWithProgress(target, io, {
        baseline,
        signal: interrupt.signal,
      });
      // Ctrl-C while ingesting: the batches in flight finish; the rest waits
      if (!settled) await target.stopIngesting();
      const report = await reportOutcomes(
        target,
        result.uploaded.map((u) => u.key)
      );
      io.stdout(formatReport(report));
      waiting = report.pending.length;
    }
    const signalled = interrupt.exitCode();
    if (signalled !== null) {
      io.stdout(formatInterrupted(result, waiting, target));
      return signalled;
    }
    return result.failed.length > 0 || collected.problems.length > 0 ? 1 : 0;
  } catch (error) {
    throw target ? explainTargetError(error, target) : error;
  } finally {
    startup.stop();
    interrupt.dispose();
    await target?.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerUpload(program: Command): void {
  addTargetOptions(
    program
      .command('upload')
      .description(
        'upload pages (files, folders, globs) into incoming/ for ingestion'
      )
      .argument('<paths...>', 'files, folders or quoted globs')
      .option('--prefix <prefix>', 'key prefix under incoming/')
      .option('--concurrency <n>', 'parallel uploads', positiveInt(64), 4)
  ).action(async (paths: string[], opts: UploadCommandOptions) => {
    await runAction(() => runUpload(paths, opts));
  });
}
