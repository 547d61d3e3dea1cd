import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirLockedError,
  LOCK_FILE,
  lockOwner,
} from '#local/lock.ts';

describe('acquireDataDirLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lets exactly one of many concurrent takers hold the data dir', async () => {
    // Prepare: twelve processes (pids invented, all alive) start at once
    const pids = Array.from({ length: 12 }, (_, i) => 50_000 + i);

    // Act
    const results = await Promise.allSettled(
      pids.map((pid) => acquireDataDirLock(dir, { pid, isAlive: () => true }))
    );

    // Assess
    const held = results.filter((r) => r.status === 'fulfilled');
    expect(held).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(
        DataDirLockedError
      );
    }
    const owner = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(
      (held[0] as PromiseFulfilledResult<{ owner: { pid: number } }>).value
        .owner.pid
    ).toBe(owner.pid);
  });

  it('refuses while the owner lives, naming its pid, and takes over once it is gone', async () => {
    // Prepare
    let alive = true;
    const first = await acquireDataDirLock(dir, {
      pid: 4242,
      isAlive: () => alive,
    });

    // Act + Assess: the owner runs
    await expect(
      acquireDataDirLock(dir, { pid: 4343, isAlive: () => alive })
    ).rejects.toThrow(
      /in use by another runtime \(pid 4242, since .*\); stop it, or pass --data DIR/
    );
    expect((await lockOwner(dir, () => alive))?.pid).toBe(4242);

    // Act + Assess: the owner died without releasing (SIGKILL)
    alive = false;
    expect(await lockOwner(dir, () => alive)).toBeNull();
    const second = await acquireDataDirLock(dir, {
      pid: 4343,
      isAlive: (pid) => pid === 4343,
    });
    expect(second.owner.pid).toBe(4343);

    // a late release by the dead owner leaves the new lock alone
    await first.release();
    const onDisk = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(onDisk.pid).toBe(4343);
    await second.release();
    await expect(readFile(join(dir, LOCK_FILE), 'utf8')).rejects.toThrow(
      /ENOENT/
    );
  });

  it('lets exactly one of many concurrent takers take over a stale lock', async () => {
    // Prepare: a lock left by pid 7, which is dead; the takers are alive
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 7, host: hostname(), startedAt: 'x' })
    );
    const isAlive = (pid: number) => pid !== 7;

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        acquireDataDirLock(dir, { pid: 60_000 + i, isAlive })
      )
    );

    // Assess
    const held = results.flatMap((r) =>
      r.status === 'fulfilled' ? [r.value] : []
    );
    expect(held).toHaveLength(1);
    const onDisk = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(onDisk.pid).toBe(held[0]?.owner.pid);
  });

  it('takes over a lock file left empty by a crash once it stays empty', async () => {
    // Prepare: a process died between creating the file and writing it
    await writeFile(join(dir, LOCK_FILE), '');

    // Act
    const lock = await acquireDataDirLock(dir, { partialMs: 50 });

    // Assess
    expect(lock.owner).toMatchObject({ pid: process.pid, host: hostname() });
    lock.releaseSync();
    expect(await lockOwner(dir)).toBeNull();
  });
});
