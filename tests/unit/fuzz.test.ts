import { describe, expect, it } from 'vitest';
import { runFuzz } from '#bench/fuzz.ts';

describe('decode + extract fuzzing (short run)', () => {
  it('2,000 mutated pages and random bytes: no throw, no overrun, schema-valid records', async () => {
    // Act
    const result = await runFuzz({ inputs: 2000, seed: 7 });
    // Assess
    expect(result.problems).toEqual([]);
    expect(result.decodedOk).toBeGreaterThan(1000);
    // the run reached the failure paths too, not only clean text
    expect(Object.keys(result.decodeFailures).length).toBeGreaterThan(1);
    expect(Object.keys(result.kinds).length).toBe(11);
  }, 60_000);
});
