/**
 * Storage faults in the embedded runtime: a disk that fills up under
 * s3rver (ENOSPC injected at the file stream, the one seam a test can
 * reach without a small file system) and an object stored shorter than
 * what its uploader hashed. Nothing half-written may pass for an upload,
 * least of all for a genuinely empty one.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NAMES, startRuntime } from '#local/runtime.ts';
import type { StorageFaultError } from '#local/storage-fault.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';

const PAGE =
  'Skip to content\n\nJune 1, 1950\n\nLetter from Kim Il Sung to Shtykov\n\nThe army is ready.\n';
const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');
const idOf = (key: string) => documentIdFor(LOCAL_NAMES.rawBucket, key);

/** Every file below `dir`, recursively. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-faults-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a disk that fills up under the local S3', () => {
  it('refuses the object whole (no truncated object, no event, no record) and reports one fault naming the file and the cause', async () => {
    // Prepare: writes work until the disk is "full"; then the file is
    // created (as open(2) would) and the first write fails with ENOSPC
    const data = join(root, 'full');
    let full = false;
    const faults: StorageFaultError[] = [];
    const runtime = await startRuntime({
      dataDir: data,
      reconcile: false,
      onStorageFault: (fault) => faults.push(fault),
      s3WriteStream: (path) => {
        if (!full) return createWriteStream(path);
        writeFileSync(path, '');
        return new Writable({
          write(_chunk, _encoding, callback) {
            callback(
              Object.assign(
                new Error(`ENOSPC: no space left on device, write`),
                { code: 'ENOSPC', errno: -28, syscall: 'write', path }
              )
            );
          },
        });
      },
    });
    const put = (key: string) =>
      runtime.s3.send(
        new PutObjectCommand({
          Bucket: runtime.config.rawBucket,
          Key: key,
          Body: PAGE,
          Metadata: { sha256: sha256(PAGE) },
        })
      );
    try {
      // Act
      await put('incoming/before.txt');
      await runtime.dispatcher.drain();
      full = true;
      const refused = await put('incoming/cut.txt').then(
        () => null,
        (error: unknown) => error
      );
      await runtime.dispatcher.drain();

      // Assess: the uploader was told; nothing of the object remains
      expect(refused).toBeInstanceOf(Error);
      const head = await runtime.s3
        .send(
          new HeadObjectCommand({
            Bucket: runtime.config.rawBucket,
            Key: 'incoming/cut.txt',
          })
        )
        .then(
          () => 'exists',
          (error: { name?: string }) => error.name
        );
      expect(head).toBe('NotFound');
      expect(
        await runtime.store.getRecord(idOf('incoming/cut.txt'))
      ).toBeNull();
      expect(await runtime.dispatcher.failures()).toEqual([]);
      expect(
        (await runtime.store.getRecord(idOf('incoming/before.txt')))?.status
      ).toBe('ok');
      expect(faults.map((f) => f.message)).toEqual([
        expect.stringMatching(
          /^cannot write .*\/s3\/archive-raw\/incoming\/cut\.txt\._S3rver_object\.partial-[\w-]+: the disk is full \(ENOSPC\)$/
        ),
      ]);
      expect(
        (await filesBelow(join(data, 's3'))).filter((f) =>
          f.includes('.partial-')
        )
      ).toEqual([]);
    } finally {
      await runtime.close();
    }
  });
});

describe('an object stored shorter than what was uploaded', () => {
  it('is never recorded as an empty upload (no record; its message is dead-lettered), while a genuinely empty upload still is', async () => {
    // Prepare: a 0-byte object whose uploader hashed a whole page (what a
    // write cut short by a full disk leaves), and a real empty file
    const runtime = await startRuntime({
      dataDir: join(root, 'cut'),
      reconcile: false,
      queue: { retryDelayMs: () => 1 },
    });
    try {
      // Act
      for (const [key, declared] of [
        ['incoming/cut-short.txt', sha256(PAGE)],
        ['incoming/really-empty.txt', sha256('')],
      ] as const) {
        await runtime.s3.send(
          new PutObjectCommand({
            Bucket: runtime.config.rawBucket,
            Key: key,
            Body: Buffer.alloc(0),
            ContentLength: 0,
            Metadata: { sha256: declared },
          })
        );
      }
      await runtime.dispatcher.drain();

      // Assess
      expect(
        await runtime.store.getRecord(idOf('incoming/cut-short.txt'))
      ).toBeNull();
      // retried (a new upload replaces the object), then dead-lettered
      const dead = await runtime.dispatcher.failures();
      expect(dead).toMatchObject([
        { key: 'incoming/cut-short.txt', receiveCount: 5 },
      ]);
      const empty = await runtime.store.getRecord(
        idOf('incoming/really-empty.txt')
      );
      expect(empty?.failure?.reason).toBe('empty');
    } finally {
      await runtime.close();
    }
  });
});
