/**
 * Console I/O and exit codes of the `archive` commands, in one place:
 * commands write through a `CliIo` (tests pass a capturing one) and throw;
 * `runAction` maps what they throw to one clear line and an exit code.
 */
import { InvalidArgumentError } from 'commander';
import { PortInUseError } from '#local/http.ts';
import {
  assertIsError,
  NotFoundError,
  ValidationError,
} from '#shared/errors/index.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (tables, progress bars). */
  isTTY: boolean;
}

// `archive export | head`: a closed pipe ends the command quietly
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** The process's console. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

/** A bad argument: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command failed in a way already explained to the user: exit code. */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(
    message: string,
    readonly exitCode = 1
  ) {
    super(message);
  }
}

/** The target could not be reached (no server, no credentials, no table). */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
]);
const UNREACHABLE_NAMES = new Set([
  'CredentialsProviderError',
  'ResourceNotFoundException',
  'NoSuchBucket',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'AccessDeniedException',
  'AccessDenied',
  'AWS.SimpleQueueService.NonExistentQueue',
  'QueueDoesNotExist',
  'TimeoutError',
]);

/** True for errors that mean "cannot talk to the target". */
export function isUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as {
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && UNREACHABLE_NAMES.has(e.name)) return true;
  if (
    Array.isArray(e.errors) &&
    e.errors.some((x) => isUnreachable(x, depth + 1))
  ) {
    return true;
  }
  return isUnreachable(e.cause, depth + 1);
}

/**
 * Maps an error to the line to print and the exit code: 2 for usage and
 * validation errors, 1 for everything else. Stack traces only with
 * ARCHIVE_DEBUG=1.
 */
export function describeError(
  error: unknown,
  target?: string
): {
  message: string;
  exitCode: number;
} {
  if (error instanceof ExitError)
    return { message: error.message, exitCode: error.exitCode };
  if (error instanceof UsageError || error instanceof ValidationError) {
    return { message: error.message, exitCode: 2 };
  }
  if (error instanceof PortInUseError)
    return { message: error.message, exitCode: 1 };
  if (error instanceof NotFoundError)
    return { message: error.message, exitCode: 1 };
  if (error instanceof UnreachableError)
    return { message: error.message, exitCode: 1 };
  if (isUnreachable(error)) {
    const detail =
      error instanceof Error ? error.message || error.name : String(error);
    return {
      message: `cannot reach ${target ?? 'the target'}: ${detail.split('\n')[0]}`,
      exitCode: 1,
    };
  }
  assertIsError(error);
  return { message: error.message.split('\n')[0] ?? error.name, exitCode: 1 };
}

/**
 * Runs a command body, printing a failure as one line on stderr and
 * setting the exit code (the process ends when its work is done).
 */
export async function runAction(
  body: () => Promise<number | undefined>,
  io: CliIo = processIo,
  target?: () => string | undefined
): Promise<number> {
  try {
    const code = (await body()) ?? 0;
    process.exitCode = code;
    return code;
  } catch (error) {
    const { message, exitCode } = describeError(error, target?.());
    io.stderr(`archive: ${message}\n`);
    if (exitCode === 2)
      io.stderr("Run 'archive <command> --help' for usage.\n");
    if (process.env.ARCHIVE_DEBUG && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    process.exitCode = exitCode;
    return exitCode;
  }
}

/**
 * What a command does when its runtime hits a storage fault (disk full,
 * read-only data dir) while running: one line naming the path and the
 * cause, and exit 1. The runtime has removed `runtime.json` and its lock;
 * nothing is lost: stored objects are reconciled at the next start, and a
 * file that was not stored is still on disk for the next run.
 *
 * @param fault the fault (its message names the path and the cause)
 */
export function exitOnStorageFault(fault: Error): never {
  processIo.stderr(
    `archive: ${fault.message}; stopped (nothing is lost: fix it, then run the command again)\n`
  );
  process.exit(1);
}

/** Exit codes of a command stopped by a signal: 128 + the signal number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Ctrl-C (or SIGTERM) while a command works; see `watchInterrupts`. */
export interface Interruption {
  /** Aborted at the first signal: stop starting new work. */
  signal: AbortSignal;
  /** 130 after Ctrl-C, 143 after SIGTERM; null while not interrupted. */
  exitCode(): number | null;
  /** Stops listening (call when the command ends). */
  dispose(): void;
}

/**
 * Listens for Ctrl-C and SIGTERM while a command works. The first signal
 * aborts `signal`: the command finishes what is in flight, says what was
 * done and what remains, cleans up and exits 130 (143 for SIGTERM). A
 * second signal runs `onForce` (synchronous clean-up: `runtime.json` and
 * the lock) and exits at once.
 *
 * @param io where the one-line notices go
 * @param options `onForce`: the synchronous clean-up of a forced exit
 */
export function watchInterrupts(
  io: CliIo,
  options: { onForce?: () => void } = {}
): Interruption {
  const controller = new AbortController();
  let received: StopSignal | null = null;
  const onSignal = (name: StopSignal) => {
    if (received) {
      options.onForce?.();
      io.stderr(
        'Stopped at once; unfinished work resumes at the next start.\n'
      );
      process.exit(SIGNAL_EXIT_CODES[received]);
    }
    received = name;
    io.stderr(
      'Stopping: finishing the work in flight (Ctrl-C again to quit at once)...\n'
    );
    controller.abort(new Error(`interrupted by ${name}`));
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => (received ? SIGNAL_EXIT_CODES[received] : null),
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** Resolves when `signal` aborts (never, without one). */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true })
  );
}

/**
 * A commander argument parser for positive integers: commander prints the
 * usage and exits 2 on InvalidArgumentError.
 */
export function positiveInt(max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) {
      throw new InvalidArgumentError(`must be an integer from 1 to ${max}.`);
    }
    return n;
  };
}
