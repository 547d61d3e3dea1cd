/**
 * s3rver's object writes, made safe for a disk that fills up or turns
 * read-only.
 *
 * s3rver 3.7.1 (`lib/stores/filesystem.js`) pipes a request body straight
 * into the object's file and resolves when the body has been read, not
 * written; the file stream's errors have no listener. A full disk then
 * leaves a truncated (often 0-byte) object that looks stored, emits its
 * event, and is recorded as an `empty` upload, or kills the process with
 * an uncaught `ENOSPC`. Here `putObject` and `putPart` write to a
 * temporary file through `pipeline` (every error handled), and only a
 * complete file is renamed into place with its metadata. A failed write
 * leaves nothing behind, answers the request with an error (so no event
 * is emitted and the uploader knows), and is reported once as a
 * `StorageFaultError`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream as fsCreateWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asStorageFault, type StorageFaultError } from './storage-fault.ts';

/** The part of s3rver's FilesystemStore this module replaces or uses. */
interface FilesystemStore {
  getResourcePath(
    bucket: string,
    key: string | undefined,
    kind: string
  ): string;
  putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5: string
  ): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: NodeJS.ReadableStream
  ): Promise<{ size: number; md5: string }>;
}

/** s3rver's `S3Object` as `putObject` receives it. */
interface S3rverObject {
  bucket: string;
  key: string;
  content: Buffer | NodeJS.ReadableStream;
  metadata: Record<string, string>;
}

export interface HardenOptions {
  /** Called with each write that failed for lack of storage. */
  onFault: (fault: StorageFaultError) => void;
  /** Opens the temporary file (tests inject ENOSPC or EROFS here). */
  createWriteStream?: (path: string) => Writable;
}

/**
 * Writes `content` to `path` whole or not at all; returns size and MD5.
 * The bytes go to a temporary file first, renamed once complete.
 */
async function writeWhole(
  path: string,
  content: Buffer | NodeJS.ReadableStream,
  open: (path: string) => Writable,
  beforeRename: (md5: string) => Promise<void> = async () => undefined
): Promise<{ size: number; md5: string }> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.partial-${randomUUID()}`;
  const md5 = createHash('md5');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    const source = Buffer.isBuffer(content)
      ? (async function* () {
          yield content;
        })()
      : content;
    await pipeline(source, count, open(temp));
    const digest = md5.digest('hex');
    await beforeRename(digest);
    await rename(temp, path);
    return { size, md5: digest };
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `putObject` and `putPart` of s3rver's store (the instance at
 * `s3rver.store`) with writes that never leave a truncated object.
 *
 * @param store s3rver's FilesystemStore instance
 * @param options where faults go; the file opener (fault injection)
 */
export function hardenS3rverStore(
  store: unknown,
  options: HardenOptions
): void {
  const fs = store as FilesystemStore;
  const open = options.createWriteStream ?? ((p) => fsCreateWriteStream(p));
  const fail = (error: unknown, path: string): never => {
    const fault = asStorageFault(error, path);
    if (fault) {
      options.onFault(fault);
      throw fault;
    }
    throw error;
  };

  fs.putObject = async (object) => {
    const path = fs.getResourcePath(object.bucket, object.key, 'object');
    try {
      // metadata first: the object appears (rename) only once it is whole
      // and described
      return await writeWhole(path, object.content, open, (md5) =>
        fs.putMetadata(object.bucket, object.key, object.metadata, md5)
      );
    } catch (error) {
      return fail(error, path);
    }
  };

  fs.putPart = async (bucket, uploadId, partNumber, content) => {
    const path = join(
      fs.getResourcePath(bucket, undefined, 'uploads'),
      uploadId,
      String(partNumber)
    );
    try {
      const written = await writeWhole(path, content, open);
      await writeFile(`${path}.md5`, written.md5);
      return written;
    } catch (error) {
      return fail(error, path);
    }
  };
}
