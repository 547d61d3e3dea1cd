/**
 * The `archive` command in a child process, for what only a real process
 * shows: signals, exit codes, file locks between processes, privileges.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once it ended. */
  exited: Promise<number | string>;
  /** Resolves once stdout + stderr match `pattern` (rejects on exit first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Run as this user and group (dropping root's privileges). */
  uid?: number;
  gid?: number;
}

/**
 * Starts `archive <args>` (node --import tsx cli/main.ts).
 *
 * @param args the command line after `archive`
 * @param options env overrides, user to run as
 */
export function spawnArchive(
  args: string[],
  options: SpawnOptions = {}
): Spawned {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', ...args],
    {
      env: { ...process.env, ARCHIVE_PORT: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid === undefined
        ? {}
        : { uid: options.uid, gid: options.gid ?? options.uid }),
    }
  );
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    changed();
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
    changed();
  });
  const exited = new Promise<number | string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out + err)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`timed out waiting for ${pattern}:\n${out}\n${err}`)
          );
        }, timeoutMs);
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          clearTimeout(timer);
          reject(
            new Error(`exited (${code}) before ${pattern}:\n${out}\n${err}`)
          );
        });
        check();
      }),
  };
}
