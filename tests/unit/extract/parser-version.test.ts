/**
 * Parser version discipline: the extractor's output over fixtures/pages
 * and over each corpus set is pinned, by digest, beside PARSER_VERSION
 * (shared/extract/parser-digests.json). Output that moves without a
 * version bump would leave stored records looking current to idempotency
 * keys and `archive reprocess --older-than-parser`; a bumped version with
 * stale pins would make the pins meaningless. `npm run digest` prints the
 * current digests; `npm run digest -- --write` re-pins them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentDigests, PINNED_DIGESTS_FILE } from '#cli/commands/eval.ts';
import {
  checkDigests,
  DIGEST_SETS,
  extractionDigest,
  type PinnedDigests,
} from '#shared/eval/digest.ts';
import { extract, PARSER_VERSION } from '#shared/extract/index.ts';
import { CORPUS_ROOT, itWithCorpus } from '../../helpers/corpus.ts';

const pinned: PinnedDigests = JSON.parse(
  readFileSync(PINNED_DIGESTS_FILE, 'utf8')
);

describe('parser version discipline', () => {
  let current: PinnedDigests;
  beforeAll(async () => {
    current = await currentDigests(CORPUS_ROOT);
  }, 120_000);

  /** The check's message, for a failing comparison. */
  const why = () => {
    const check = checkDigests(PARSER_VERSION, pinned, current);
    return check.ok ? '' : check.message;
  };

  it('has digests pinned for the current PARSER_VERSION', () => {
    expect(pinned.version, why()).toBe(PARSER_VERSION);
  });

  it('gives the pinned output on fixtures/pages', () => {
    expect(current.fixtures, why()).toBe(pinned.fixtures);
  });

  for (const set of DIGEST_SETS) {
    itWithCorpus(set, `gives the pinned output on corpus set ${set}`, () => {
      expect(current.corpus[set], why()).toBe(pinned.corpus[set]);
    });
  }
});

describe('checkDigests', () => {
  const pins: PinnedDigests = {
    version: '1.2.0',
    fixtures: 'a',
    corpus: { main: 'b', set2: 'c', frameless: 'd' },
  };

  it('accepts the pinned output under the pinned version', () => {
    expect(checkDigests('1.2.0', pins, pins)).toEqual({ ok: true });
  });

  it('asks for a bump when the output moved under the same version', () => {
    // Act
    const check = checkDigests('1.2.0', pins, {
      ...pins,
      corpus: { ...pins.corpus, set2: 'e' },
    });
    // Assess
    expect(check).toMatchObject({ ok: false, problem: 'output-moved' });
    expect(!check.ok && check.message).toMatch(
      /corpus set2.*bump PARSER_VERSION and update the pinned digests/s
    );
    expect(!check.ok && check.message).toMatch(/"set2": "e"/);
  });

  it('asks for a re-pin when the version moved and the pins did not', () => {
    const check = checkDigests('1.3.0', pins, { ...pins, version: '1.3.0' });
    expect(check).toMatchObject({ ok: false, problem: 'not-repinned' });
    expect(!check.ok && check.message).toMatch(/pinned for 1\.2\.0/);
  });

  it('does not compare a set that is absent on either side', () => {
    const absent = { ...pins, corpus: { ...pins.corpus, frameless: null } };
    expect(checkDigests('1.2.0', pins, absent)).toEqual({ ok: true });
  });
});

describe('extractionDigest', () => {
  const a = { name: 'a', text: 'TELEGRAM\nTo: Moscow\n' };
  const b = { name: 'b', text: 'Record of Conversation\n' };

  it('is the same for the same pages in any order', () => {
    expect(extractionDigest([a, b])).toBe(extractionDigest([b, a]));
    expect(extractionDigest([a, b])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('moves with a page, its name or its record, not with text the record ignores', () => {
    const base = extractionDigest([a, b]);
    const other = { ...b, text: 'January 5, 1950\nTelegram to Moscow\n' };
    expect(JSON.stringify(extract(other.text))).not.toBe(
      JSON.stringify(extract(b.text))
    );
    expect(extractionDigest([a])).not.toBe(base);
    expect(extractionDigest([a, { ...b, name: 'c' }])).not.toBe(base);
    expect(extractionDigest([a, other])).not.toBe(base);
  });
});
