/**
 * The fault drill, small: 300 generated pages (a quarter saved as HTML, so
 * their derived text is written) plus poison files through the embedded
 * runtime under injected S3/DynamoDB faults (object reads, derived-text
 * writes, record state reads, table writes), duplicate and
 * out-of-order deliveries and two kills of the ingest process
 * (bench/drill.ts; `npm run drill` runs it at 10,000 pages).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type DrillReport, runDrill } from '#bench/drill.ts';

const AUDIT = /audit trail incomplete/;

describe('fault drill (300 pages)', () => {
  let report: DrillReport;

  beforeAll(async () => {
    // Act
    report = await runDrill({ pages: 300, seed: 42, kills: 2 });
  }, 85_000);

  it('injects every kind of fault it promises', () => {
    // Assess
    expect(report.faults.injected.throttle).toBeGreaterThan(0);
    expect(report.faults.injected['5xx']).toBeGreaterThan(0);
    expect(report.faults.injected.timeout).toBeGreaterThan(0);
    // the derived-text write (HTML pages have one) and the state read too
    expect(report.htmlPages).toBeGreaterThan(0);
    const faulted = (target: string) => {
      const k = report.faults.byTarget[target];
      return (k?.throttle ?? 0) + (k?.['5xx'] ?? 0) + (k?.timeout ?? 0);
    };
    expect(faulted('derived-text-write')).toBeGreaterThan(0);
    expect(faulted('record-read')).toBeGreaterThan(0);
    expect(faulted('object-read')).toBeGreaterThan(0);
    expect(faulted('table-write')).toBeGreaterThan(0);
    expect(report.kills).toBe(2);
    expect(report.duplicatesSent).toBeGreaterThan(0);
    expect(report.poison).toBeGreaterThanOrEqual(3);
  });

  it('loses nothing and duplicates nothing: one record per object, no stray index items, no dead letters', () => {
    // Assess
    expect(report.problems.filter((p) => !AUDIT.test(p))).toEqual([]);
    expect(
      Object.keys(report.problemCounts).filter((k) => k !== 'audit-trail')
    ).toEqual([]);
    expect(report.records.ok + report.records.failed).toBe(report.objects);
    expect(report.records.failed).toBe(report.poison);
    expect(report.pageF1).toBe(1);
  });

  // The final `stored` event is committed with the record item (as its
  // pending event) and written right after; a kill or a lost response in
  // between is finished by the next delivery (shared/store STORE.md).
  it('every record has a complete audit trail', () => {
    // Assess
    expect(report.problemCounts['audit-trail'] ?? 0).toBe(0);
  });
});
