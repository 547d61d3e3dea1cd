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
import { formatUploadSummary, uploadFiles } from '#cli/commands/upload.ts';
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
});
