import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asStorageFault,
  assertWritable,
  StorageFaultError,
  storageFaultListener,
  type WriteProbeFs,
} from '#local/storage-fault.ts';

const errno = (code: string, path?: string) =>
  Object.assign(new Error(`${code}: failed`), { code, path });

describe('asStorageFault', () => {
  it('names the path and the cause of errno faults, and leaves other errors alone', () => {
    // Act + Assess
    expect(asStorageFault(errno('ENOSPC', '/d/s3/x'), '/d')?.message).toBe(
      'cannot write /d/s3/x: the disk is full (ENOSPC)'
    );
    expect(asStorageFault(errno('EROFS'), '/d')?.message).toBe(
      'cannot write /d: the file system is read-only (EROFS)'
    );
    expect(asStorageFault(errno('EACCES', '/d/lock'), '/d')?.message).toBe(
      'cannot write /d/lock: permission denied (EACCES)'
    );
    expect(asStorageFault(new TypeError('x is undefined'), '/d')).toBeNull();
    expect(asStorageFault(errno('ECONNREFUSED'), '/d')).toBeNull();
  });

  it("reads LevelDB's I/O errors, which carry the cause as text", () => {
    // Prepare: the shape dynalite throws uncaught from its callbacks
    const level = Object.assign(
      new Error('IO error: /data/dynamodb/000005.log: No space left on device'),
      { code: 'LEVEL_IO_ERROR' }
    );
    const wrapped = new Error('write failed', { cause: level });

    // Act
    const fault = asStorageFault(wrapped, '/data/dynamodb');

    // Assess
    expect(fault).toBeInstanceOf(StorageFaultError);
    expect(fault?.message).toBe(
      'cannot write /data/dynamodb/000005.log: the disk is full (ENOSPC)'
    );
  });
});

describe('assertWritable', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'writable-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes on a writable folder and leaves no probe file behind', async () => {
    // Act
    await assertWritable([join(dir, 'a', 'b')]);

    // Assess
    expect(await readdir(join(dir, 'a', 'b'))).toEqual([]);
  });

  // Injected faults: the tests may run as root, for whom permission bits
  // do not apply (tests/e2e/cli-storage.test.ts drops privileges instead)
  it.each([
    ['EROFS', 'the file system is read-only (EROFS)'],
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EACCES', 'permission denied (EACCES)'],
  ])(
    'turns an injected %s into one line naming the folder',
    async (code, cause) => {
      // Prepare
      const fs: WriteProbeFs = {
        mkdir: async () => undefined,
        writeFile: async () => {
          throw errno(code);
        },
        rm: async () => undefined,
      };

      // Act + Assess
      await expect(assertWritable([join(dir, 'data')], fs)).rejects.toThrow(
        `cannot write ${join(dir, 'data')}: ${cause}`
      );
    }
  );
});

describe('storageFaultListener', () => {
  it('hands storage faults to the handler (an uncaught LevelDB error)', () => {
    // Prepare
    const faults: StorageFaultError[] = [];
    const listener = storageFaultListener((f) => faults.push(f), '/d/dynamodb');

    // Act
    listener(
      Object.assign(
        new Error('IO error: /d/dynamodb/LOCK: Read-only file system'),
        {
          code: 'LEVEL_IO_ERROR',
        }
      )
    );

    // Assess
    expect(faults.map((f) => f.message)).toEqual([
      'cannot write /d/dynamodb/LOCK: the file system is read-only (EROFS)',
    ]);
  });
});
