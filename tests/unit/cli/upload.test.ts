import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatInterrupted,
  formatUnreachableStop,
  formatUploadSummary,
  uploadFiles,
} from '#cli/commands/upload.ts';
import type { Target } from '#cli/target.ts';
import { collectFiles, sha256File } from '#cli/upload-files.ts';

describe('uploadFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upload-'));
    await writeFile(join(dir, 'a.txt'), 'page a');
    await writeFile(join(dir, 'b.txt'), 'page b');
    await writeFile(join(dir, 'c.txt'), 'page c');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('skips unchanged objects, reports a failed file and uploads the rest with their SHA-256', async () => {
    // Prepare
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    const shaOfA = await sha256File(join(dir, 'a.txt'));
    mock
      .on(HeadObjectCommand)
      .rejects(
        new NotFound({
          message: 'NotFound',
          $metadata: { httpStatusCode: 404 },
        })
      )
      .on(HeadObjectCommand, { Key: 'incoming/a.txt' })
      .resolves({ Metadata: { sha256: shaOfA } })
      .on(PutObjectCommand)
      .resolves({ ETag: '"x"' })
      .on(PutObjectCommand, { Key: 'incoming/b.txt' })
      .rejects(new Error('AccessDenied: not allowed'));
    const target = {
      s3,
      rawBucket: () => 'raw',
      uploadPrefix: 'incoming/',
    } as unknown as Target;
    const { files } = await collectFiles([dir]);

    // Act
    const result = await uploadFiles(target, files, { concurrency: 2 });

    // Assess
    expect(result.unchanged.map((u) => u.key)).toEqual(['incoming/a.txt']);
    expect(result.failed).toEqual([
      { file: join(dir, 'b.txt'), message: 'AccessDenied: not allowed' },
    ]);
    expect(result.uploaded.map((u) => u.key)).toEqual(['incoming/c.txt']);
    const put = mock
      .commandCalls(PutObjectCommand)
      .find((c) => c.args[0].input.Key === 'incoming/c.txt');
    expect(put?.args[0].input.Metadata).toEqual({
      sha256: await sha256File(join(dir, 'c.txt')),
    });
    expect(put?.args[0].input.ContentType).toBe('text/plain');
    expect(formatUploadSummary(result)).toMatch(
      /^Uploaded 1 file\(s\) \(6 B\), 1 unchanged, 1 failed/
    );
  });

  it('stops at the first "target gone" error with one message and how to resume', async () => {
    // Prepare: the runtime went away: every call is refused
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:4569'),
      { code: 'ECONNREFUSED' }
    );
    mock.on(HeadObjectCommand).rejects(refused);
    const many = await mkdtemp(join(tmpdir(), 'upload-many-'));
    for (let i = 0; i < 30; i += 1) {
      await writeFile(join(many, `p${i}.txt`), `page ${i}`);
    }
    const target = {
      s3,
      rawBucket: () => 'raw',
      uploadPrefix: 'incoming/',
    } as unknown as Target;
    const { files } = await collectFiles([many]);
    const lines: string[] = [];

    try {
      // Act
      const result = await uploadFiles(
        target,
        files,
        { concurrency: 2 },
        (line) => lines.push(line)
      );

      // Assess: no line per file; at most the two files in flight tried
      expect(lines).toEqual([]);
      expect(result.failed).toEqual([]);
      expect(result.remaining).toHaveLength(30);
      expect(result.stopped).toEqual({
        reason: 'unreachable',
        message: 'connect ECONNREFUSED 127.0.0.1:4569',
      });
      expect(mock.commandCalls(HeadObjectCommand).length).toBeLessThanOrEqual(
        2
      );
      const message = formatUnreachableStop(result, 'runtime pid 42');
      expect(message.trim().split('\n')).toHaveLength(1);
      expect(message).toMatch(
        /^archive: upload stopped: cannot reach runtime pid 42: connect ECONNREFUSED .*; 0 file\(s\) uploaded, 30 not uploaded\. Run the same command again/
      );
    } finally {
      await rm(many, { recursive: true, force: true });
    }
  });

  it('uploads again an object whose SHA-256 metadata matches but whose size does not (cut short)', async () => {
    // Prepare: a.txt stored as 0 bytes with the metadata of the whole file
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    mock
      .on(HeadObjectCommand)
      .resolves({
        Metadata: { sha256: await sha256File(join(dir, 'a.txt')) },
        ContentLength: 0,
      })
      .on(PutObjectCommand)
      .resolves({ ETag: '"x"' });
    const target = {
      s3,
      rawBucket: () => 'raw',
      uploadPrefix: 'incoming/',
    } as unknown as Target;
    const { files } = await collectFiles([join(dir, 'a.txt')]);

    // Act
    const result = await uploadFiles(target, files);

    // Assess
    expect(result.unchanged).toEqual([]);
    expect(result.uploaded.map((u) => u.key)).toEqual(['incoming/a.txt']);
  });

  it('starts no file once interrupted, and says what remains', async () => {
    // Prepare
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    const target = {
      s3,
      rawBucket: () => 'raw',
      uploadPrefix: 'incoming/',
      attached: false,
      label: 'embedded runtime on .archive',
    } as unknown as Target;
    const { files } = await collectFiles([dir]);
    const controller = new AbortController();
    controller.abort();

    // Act
    const result = await uploadFiles(target, files, {
      signal: controller.signal,
    });

    // Assess
    expect(mock.calls()).toHaveLength(0);
    expect(result.stopped?.reason).toBe('interrupted');
    expect(result.remaining).toHaveLength(3);
    expect(formatInterrupted(result, 2, target)).toBe(
      'Interrupted: 0 file(s) uploaded, 0 unchanged, 3 not uploaded.\n' +
        '  Run the same command again to upload the rest: files already uploaded are skipped.\n' +
        "  2 uploaded page(s) were not ingested yet: the next 'archive upload' or 'archive up' on this data dir ingests them.\n"
    );
  });
});
