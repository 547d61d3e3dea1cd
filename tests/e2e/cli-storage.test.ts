/**
 * A data dir the runtime cannot write, as a user meets it: the `archive`
 * command in a child process without write permission on an existing data
 * dir. The tests may run as root, for whom permission bits do not apply:
 * then the child runs as `nobody` (privileges dropped), so the kernel
 * refuses the writes as it would for any user. The injected EROFS and
 * ENOSPC cases are in tests/unit/local/storage-fault.test.ts and
 * tests/integration/storage-faults.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUp } from '#cli/commands/up.ts';
import { captureIo } from './cli-helpers.ts';
import { type SpawnOptions, spawnArchive } from './spawn-helpers.ts';

const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;
/** Who the child runs as: `nobody` when we are root, else ourselves. */
const user: SpawnOptions = asRoot ? { uid: NOBODY, gid: NOBODY } : {};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'archive-storage-'));
  await chmod(root, 0o755);
});
afterAll(async () => {
  execFileSync('chmod', ['-R', 'u+w', root]);
  await rm(root, { recursive: true, force: true });
});

describe('a read-only data dir', () => {
  it('ends in one line naming the path and the cause, exit 1, with no stack trace', async () => {
    // Prepare: a data dir with records, then made read-only for the user
    const data = join(root, 'data');
    const made = await runUp({ data, once: true, port: 0 }, captureIo().io);
    expect(made).toBe(0);
    if (asRoot) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, data]);
    execFileSync('chmod', ['-R', 'a-w', data]);

    // Act
    const up = spawnArchive(
      ['up', '--once', '--data', data, '--port', '0'],
      user
    );
    const code = await up.exited;

    // Assess
    expect(code, up.stderr()).toBe(1);
    expect(up.stderr().trim().split('\n')).toEqual([
      `archive: cannot write ${data}: permission denied (EACCES)`,
    ]);
    expect(up.stdout()).toBe('');
  }, 60_000);
});
