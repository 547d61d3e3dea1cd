/**
 * Extraction benchmark: pages per second on one core (the extractor is
 * synchronous; this process runs it on one thread), and per-page latency
 * p50/p99, over the corpus pages (or the project's fixtures where the
 * corpus is absent). Throughput is the median of several rounds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract } from '#shared/extract/index.ts';
import { median, quantile } from './stats.ts';

export interface ExtractBenchResult {
  pages: number;
  source: string;
  rounds: number;
  pagesPerSecond: number;
  p50Micros: number;
  p99Micros: number;
}

/** The texts to extract: `../shared/corpus/pages` or `fixtures/pages`. */
export function benchPages(root: string): { source: string; texts: string[] } {
  const corpus = resolve(root, '..', 'shared', 'corpus', 'pages');
  const dir = existsSync(corpus) ? corpus : join(root, 'fixtures', 'pages');
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  return { source: dir, texts };
}

/** Runs `rounds` timed passes of `passes` extractions over every page. */
export function benchExtract(
  root: string,
  rounds = 7,
  passes = 30
): ExtractBenchResult {
  const { source, texts } = benchPages(root);
  for (let i = 0; i < 3; i++) for (const t of texts) extract(t); // warm up
  const rates: number[] = [];
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let p = 0; p < passes; p++) {
      for (const t of texts) {
        const a = performance.now();
        extract(t);
        latencies.push((performance.now() - a) * 1000);
      }
    }
    const seconds = (performance.now() - start) / 1000;
    rates.push((passes * texts.length) / seconds);
  }
  return {
    pages: texts.length,
    source,
    rounds,
    pagesPerSecond: median(rates),
    p50Micros: quantile(latencies, 0.5),
    p99Micros: quantile(latencies, 0.99),
  };
}
