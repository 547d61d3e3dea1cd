/**
 * Progress of long steps (upload, ingest, reprocess, start-up) with rate
 * and time left: a cli-progress bar on a terminal; elsewhere (a pipe, a
 * log file, CI) one line on stderr every few seconds, so a long job shows
 * it is alive and a short one prints nothing extra.
 */
import cliProgress from 'cli-progress';
import type { StartupProgress } from '#local/reconcile.ts';
import type { CliIo } from './io.ts';

/** Rate (per second) and time left, or null while nothing is done yet. */
export function progressStats(
  done: number,
  total: number,
  elapsedMs: number
): { rate: number | null; etaMs: number | null } {
  if (done <= 0 || elapsedMs <= 0) return { rate: null, etaMs: null };
  const rate = (done * 1000) / elapsedMs;
  const left = Math.max(total - done, 0);
  return { rate, etaMs: (left / rate) * 1000 };
}

/**
 * A duration for people: `0.4 s`, `8 s`, `2 min 5 s`, `1 h 3 min`.
 *
 * @example formatDuration(125_000) // '2 min 5 s'
 */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `35.2 files/s`, or `-` before the first item is done. */
function formatRate(rate: number | null, unit: string): string {
  if (rate === null) return `- ${unit}/s`;
  return `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} ${unit}/s`;
}

/**
 * One progress line.
 *
 * @example progressLine('upload', 120, 400, 'files', 3_400)
 * // 'upload: 120/400 files (30%), 35 files/s, ETA 7.9 s'
 */
export function progressLine(
  label: string,
  done: number,
  total: number,
  unit: string,
  elapsedMs: number
): string {
  const { rate, etaMs } = progressStats(done, total, elapsedMs);
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  return (
    `${label}: ${done}/${total} ${unit} (${percent}%), ${formatRate(rate, unit)}, ` +
    `ETA ${etaMs === null ? '-' : formatDuration(etaMs)}`
  );
}

export interface Progress {
  /** Sets how many are done (and, when it grew, the new total). */
  update(done: number, total?: number, detail?: string): void;
  /** Adds one done item. */
  increment(detail?: string): void;
  /** Removes the bar (a terminal) or stops the periodic lines. */
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  /** Plural noun: `files`, `pages`, `objects`. */
  unit: string;
  total: number;
  /** Seconds between lines when not on a terminal (default 5). */
  intervalMs?: number;
  clock?: () => number;
}

/**
 * Starts showing progress on `io` (see the module comment).
 *
 * @param io where to show it (`isTTY` picks bar or lines)
 * @param options label, unit, total
 */
export function startProgress(io: CliIo, options: ProgressOptions): Progress {
  const clock = options.clock ?? Date.now;
  const started = clock();
  let done = 0;
  let total = options.total;
  let detail = '';
  const payload = () => {
    const { rate, etaMs } = progressStats(done, total, clock() - started);
    return {
      rate: formatRate(rate, options.unit),
      eta: etaMs === null ? '-' : formatDuration(etaMs),
      detail,
    };
  };

  if (io.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} [{bar}] {value}/{total} ${options.unit} | {rate} | ETA {eta} | {detail}`,
        clearOnComplete: true,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic
    );
    bar.start(total, 0, payload());
    const update: Progress['update'] = (value, newTotal, text) => {
      done = value;
      if (newTotal !== undefined && newTotal !== total) {
        total = newTotal;
        bar.setTotal(total);
      }
      if (text !== undefined) detail = text.slice(0, 60);
      bar.update(done, payload());
    };
    return {
      update,
      increment: (text) => update(done + 1, undefined, text),
      stop: () => bar.stop(),
    };
  }

  const timer = setInterval(() => {
    io.stderr(
      `${progressLine(options.label, done, total, options.unit, clock() - started)}\n`
    );
  }, options.intervalMs ?? 5_000);
  timer.unref();
  const update: Progress['update'] = (value, newTotal) => {
    done = value;
    if (newTotal !== undefined) total = newTotal;
  };
  return {
    update,
    increment: () => update(done + 1),
    stop: () => clearInterval(timer),
  };
}

/**
 * Progress of a runtime's start-up (reconciliation: stored objects checked
 * against the records), for `RuntimeOptions.onStartup`.
 *
 * @param io where to show it
 */
export function startupProgress(io: CliIo): {
  onStartup: (progress: StartupProgress) => void;
  stop: () => void;
} {
  let shown: Progress | null = null;
  const stop = () => {
    shown?.stop();
    shown = null;
  };
  return {
    onStartup: (p) => {
      if (p.phase === 'ready') {
        stop();
        return;
      }
      if (p.objects === 0) return;
      shown ??= startProgress(io, {
        label: 'start-up: checking stored objects',
        unit: 'records',
        total: p.objects,
      });
      shown.update(p.records, Math.max(p.objects, p.records));
    },
    stop,
  };
}
