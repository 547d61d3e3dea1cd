/**
 * `archive upload <files|folders|globs...>`: bulk upload into the raw
 * bucket's `incoming/` prefix, which triggers ingestion.
 *
 * Each object carries its SHA-256 as metadata (`x-amz-meta-sha256`); a file
 * whose object already has the same checksum is skipped (HeadObject), so
 * re-running an upload sends only what changed. Large files go multipart
 * (lib-storage `Upload`). A failed file is reported and the rest go on; the
 * exit code is 1 if any failed.
 */
import { createReadStream } from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import pLimit from 'p-limit';
import { formatReport, reportOutcomes } from '../ingest-report.ts';
import {
  type CliIo,
  positiveInt,
  processIo,
  runAction,
  UsageError,
} from '../io.ts';
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
}

export interface UploadResult {
  files: number;
  uploaded: { file: string; key: string; size: number }[];
  unchanged: { file: string; key: string }[];
  failed: { file: string; message: string }[];
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

async function unchangedObject(
  target: Target,
  bucket: string,
  key: string,
  sha256: string
): Promise<boolean> {
  try {
    const head = await target.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key })
    );
    return head.Metadata?.sha256 === sha256;
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
 * @param options prefix and concurrency
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
    bytes: 0,
    elapsedMs: 0,
  };
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const key = objectKeyFor(target.uploadPrefix, options.prefix, file);
        try {
          const sha256 = await sha256File(file.path);
          if (await unchangedObject(target, bucket, key, sha256)) {
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
  if (result.uploaded.length === 0 && result.failed.length === 0) {
    return `Nothing to upload: all ${result.unchanged.length} file(s) unchanged.\n`;
  }
  return (
    `Uploaded ${result.uploaded.length} file(s) (${formatBytes(result.bytes)}), ` +
    `${result.unchanged.length} unchanged, ${result.failed.length} failed, in ${seconds} s.\n`
  );
}

/**
 * Runs an upload with progress output on `io` (a bar on a terminal, a line
 * per file otherwise).
 */
export async function uploadWithProgress(
  target: Target,
  files: readonly LocalFile[],
  options: UploadOptions,
  io: CliIo
): Promise<UploadResult> {
  if (!io.isTTY) {
    return uploadFiles(target, files, options, (line) =>
      io.stdout(`${line}\n`)
    );
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'upload [{bar}] {value}/{total} files | {file}',
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic
  );
  bar.start(files.length, 0, { file: '' });
  const failures: string[] = [];
  try {
    return await uploadFiles(target, files, options, (line) => {
      if (line.startsWith('FAILED')) failures.push(line);
      bar.increment(1, { file: line.slice(0, 60) });
    });
  } finally {
    bar.stop();
    // printed after the bar so they do not tear it
    for (const line of failures) io.stderr(`${line}\n`);
  }
}

export interface UploadCommandOptions extends TargetFlags, UploadOptions {}

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
  const target = await openTarget(options, {
    ingest: true,
    requires: ['bucket'],
  });
  try {
    const result = await uploadWithProgress(
      target,
      collected.files,
      options,
      io
    );
    io.stdout(formatUploadSummary(result));
    if (target.kind === 'local' && result.uploaded.length > 0) {
      await target.settle();
      const report = await reportOutcomes(
        target,
        result.uploaded.map((u) => u.key)
      );
      io.stdout(formatReport(report));
    }
    return result.failed.length > 0 || collected.problems.length > 0 ? 1 : 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
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
