/**
 * Backfill at scale (docs/BACKFILL.md): the pure fan-out logic shared by
 * the backfill-segment Lambda, the embedded runtime and the CLI.
 */
export * from './plan.ts';
export * from './progress.ts';
export * from './scan.ts';
export * from './segment.ts';
export * from './selection.ts';
