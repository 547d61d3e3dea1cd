import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatDuration,
  progressLine,
  progressStats,
  startProgress,
  startupProgress,
} from '#cli/progress.ts';
import { captureIo } from '../../e2e/cli-helpers.ts';

describe('progressStats', () => {
  it('gives the rate per second and the time left from what is done', () => {
    // Act + Assess
    expect(progressStats(50, 200, 10_000)).toEqual({
      rate: 5,
      etaMs: 30_000,
    });
    expect(progressStats(0, 200, 10_000)).toEqual({ rate: null, etaMs: null });
    expect(progressStats(200, 200, 4_000)).toEqual({ rate: 50, etaMs: 0 });
  });
});

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    // Act + Assess
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });
});

describe('progressLine', () => {
  it('says done, total, percentage, rate and ETA', () => {
    // Act + Assess
    expect(progressLine('upload', 120, 400, 'files', 4_000)).toBe(
      'upload: 120/400 files (30%), 30 files/s, ETA 9.3 s'
    );
    expect(progressLine('ingest', 0, 10, 'pages', 1_000)).toBe(
      'ingest: 0/10 pages (0%), - pages/s, ETA -'
    );
  });
});

describe('startProgress off a terminal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints a line with rate and ETA on stderr every interval, none after stop', () => {
    // Prepare
    vi.useFakeTimers();
    let now = 0;
    const { io, stdout, stderr } = captureIo();
    const progress = startProgress(io, {
      label: 'reprocess',
      unit: 'records',
      total: 100,
      intervalMs: 1_000,
      clock: () => now,
    });

    // Act
    now = 1_000;
    progress.update(25);
    vi.advanceTimersByTime(1_000);
    now = 2_000;
    progress.update(50, 120);
    vi.advanceTimersByTime(1_000);
    progress.stop();
    vi.advanceTimersByTime(5_000);

    // Assess
    expect(stdout()).toBe('');
    expect(stderr().trim().split('\n')).toEqual([
      'reprocess: 25/100 records (25%), 25 records/s, ETA 3.0 s',
      'reprocess: 50/120 records (41%), 25 records/s, ETA 2.8 s',
    ]);
  });
});

describe('startupProgress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the records checked against the objects listed, and stops when ready', () => {
    // Prepare
    vi.useFakeTimers();
    const { io, stderr } = captureIo();
    const startup = startupProgress(io);

    // Act
    startup.onStartup({
      phase: 'listing',
      objects: 0,
      records: 0,
      enqueued: 0,
    });
    startup.onStartup({
      phase: 'checking',
      objects: 4000,
      records: 1000,
      enqueued: 0,
    });
    vi.advanceTimersByTime(5_000);
    startup.onStartup({
      phase: 'ready',
      objects: 4000,
      records: 4000,
      enqueued: 3,
    });
    vi.advanceTimersByTime(10_000);

    // Assess
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^start-up: checking stored objects: 1000\/4000 records \(25%\), [\d.]+ records\/s, ETA /
    );
  });
});
