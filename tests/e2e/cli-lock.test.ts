/**
 * One runtime per data dir, held by a lock file, not by a health probe's
 * timing: a runtime that does not answer in time is waited for, never
 * doubled; two commands started at once on a fresh data dir take turns
 * instead of opening LevelDB twice.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '#cli/target.ts';
import { acquireDataDirLock } from '#local/lock.ts';
import { startRuntime } from '#local/runtime.ts';
import { spawnArchive } from './spawn-helpers.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-lock-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a runtime whose health check times out', () => {
  let silent: Server;
  let port: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // accepts connections and never answers: a runtime too busy to reply
    silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(
    () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        silent.close(() => ok());
      })
  );

  it('is waited for, then named: no second runtime opens on its data dir', async () => {
    // Prepare: a live process (this one) holds the data dir and describes
    // itself in runtime.json, but its server does not answer
    const data = join(root, 'busy');
    await mkdir(data, { recursive: true });
    const lock = await acquireDataDirLock(data);
    await writeFile(
      join(data, 'runtime.json'),
      JSON.stringify({
        pid: process.pid,
        startedAt: new Date().toISOString(),
        region: 'us-east-1',
        s3Endpoint: `http://127.0.0.1:${port}`,
        dynamodbEndpoint: `http://127.0.0.1:${port}`,
        httpUrl: `http://127.0.0.1:${port}`,
        rawBucket: 'archive-raw',
        derivedBucket: 'archive-derived',
        tableName: 'archive-records',
        uploadPrefix: 'incoming/',
        secret: 'x',
      })
    );

    try {
      // Act
      const opened = openTarget({ data }, { lockWaitMs: 500 });

      // Assess
      await expect(opened).rejects.toThrow(
        `${data} is held by a runtime (pid ${process.pid}) that does not answer at http://127.0.0.1:${port}; wait for it, or stop it`
      );
      expect(existsSync(join(data, 'dynamodb'))).toBe(false);
    } finally {
      await lock.release();
    }
  }, 30_000);

  it('refuses a second runtime on a locked data dir in the same process too', async () => {
    // Prepare
    const data = join(root, 'twice');
    const first = await startRuntime({ dataDir: data, reconcile: false });

    try {
      // Act + Assess
      await expect(
        startRuntime({ dataDir: data, reconcile: false })
      ).rejects.toThrow(/is in use by another runtime \(pid \d+/);
    } finally {
      await first.close();
    }
    expect(existsSync(join(data, 'runtime.lock'))).toBe(false);
  });
});

describe('two commands started at once on a fresh data dir', () => {
  it('take turns: both succeed and every page is ingested once', async () => {
    // Prepare: two folders of invented pages
    const folders = ['east', 'west'].map((name) => join(root, name));
    for (const [n, folder] of folders.entries()) {
      await mkdir(folder, { recursive: true });
      for (let i = 0; i < 5; i += 1) {
        await writeFile(
          join(folder, `page-${n}-${i}.txt`),
          `Skip to content\n\nMay ${i + 1}, 1950\n\nTelegram from Shtykov to Filippov, batch ${n} page ${i}\n`
        );
      }
    }
    const data = join(root, 'shared');

    // Act
    const runs = folders.map((folder) =>
      spawnArchive(['upload', folder, '--data', data])
    );
    const codes = await Promise.all(runs.map((r) => r.exited));

    // Assess
    for (const [i, run] of runs.entries()) {
      expect(codes[i], run.stderr()).toBe(0);
      expect(run.stdout()).toMatch(/ingested 5: 5 ok, 0 failed/);
      expect(run.stderr()).not.toMatch(/LEVEL_|IO error|at .*:\d+:\d+/);
    }
    expect(existsSync(join(data, 'runtime.lock'))).toBe(false);
    expect(existsSync(join(data, 'runtime.json'))).toBe(false);
  }, 90_000);
});
