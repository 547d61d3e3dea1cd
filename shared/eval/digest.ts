/**
 * Digests of the extractor's output, pinned beside PARSER_VERSION
 * (shared/extract/parser-digests.json): when the output on the project's
 * fixtures or on a corpus set moves, the version must move with it, since
 * idempotency keys and `archive reprocess --older-than-parser` trust it.
 * tests/unit/extract/parser-version.test.ts holds the two together;
 * `npm run digest` prints (and `-- --write` re-pins) the current digests.
 */
import { createHash } from 'node:crypto';
import { extract } from '#shared/extract/index.ts';

/** The corpus sets the digests cover (RECORD.md's three folders). */
export const DIGEST_SETS = ['main', 'set2', 'frameless'] as const;
export type DigestSet = (typeof DIGEST_SETS)[number];

/** What is pinned: the version and the digests its output gives. */
export interface PinnedDigests {
  version: string;
  /** Over fixtures/pages. */
  fixtures: string;
  /** Over each corpus set's pages/ (null: the set was not there). */
  corpus: Record<DigestSet, string | null>;
}

/**
 * SHA-256 (hex) of `name<TAB>JSON of extract(text)<LF>` for every page in
 * name order; a page whose extraction throws contributes its error message,
 * so a defect moves the digest instead of stopping it.
 *
 * @param pages - page names (file names without extension) and their text
 * @example
 * extractionDigest([{ name: 'seed', text }]) // '3f…' (64 hex digits)
 */
export function extractionDigest(
  pages: Iterable<{ name: string; text: string }>
): string {
  const hash = createHash('sha256');
  const sorted = [...pages].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
  for (const page of sorted) {
    let out: string;
    try {
      out = JSON.stringify(extract(page.text));
    } catch (error) {
      out = JSON.stringify({ error: String(error) });
    }
    hash.update(`${page.name}\t${out}\n`);
  }
  return hash.digest('hex');
}

/** The ways current digests can disagree with the pinned ones. */
export type DigestCheck =
  | { ok: true }
  | { ok: false; problem: 'output-moved' | 'not-repinned'; message: string };

/**
 * Compares current digests with the pinned ones. A set whose digest is
 * null on either side (its folder absent) is not compared.
 *
 * @param version - PARSER_VERSION now
 * @param pinned - the pinned record
 * @param current - digests computed now (their `version` is `version`)
 */
export function checkDigests(
  version: string,
  pinned: PinnedDigests,
  current: PinnedDigests
): DigestCheck {
  const moved = [
    ...(pinned.fixtures !== current.fixtures ? ['fixtures'] : []),
    ...DIGEST_SETS.filter(
      (s) =>
        pinned.corpus[s] !== null &&
        current.corpus[s] !== null &&
        pinned.corpus[s] !== current.corpus[s]
    ).map((s) => `corpus ${s}`),
  ];
  const now = JSON.stringify(current, null, 2);
  if (pinned.version !== version) {
    return {
      ok: false,
      problem: 'not-repinned',
      message: `PARSER_VERSION is ${version} but the digests are pinned for ${pinned.version}: re-pin them (npm run digest -- --write). Current digests:\n${now}`,
    };
  }
  if (moved.length > 0) {
    return {
      ok: false,
      problem: 'output-moved',
      message: `extraction output moved (${moved.join(', ')}) under PARSER_VERSION ${version}: bump PARSER_VERSION and update the pinned digests (npm run digest -- --write). Current digests:\n${now}`,
    };
  }
  return { ok: true };
}
