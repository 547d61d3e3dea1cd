/**
 * The extractor's version. Bump it whenever extraction output can change:
 * idempotency keys include it, and `archive reprocess --older-than-parser`
 * uses it to find records to re-run.
 *
 * The output it stands for is pinned beside it, by digest, in
 * parser-digests.json (fixtures/pages and each corpus set);
 * tests/unit/extract/parser-version.test.ts fails when the output moves
 * without a bump, or the version without a re-pin. After a bump:
 * `npm run digest -- --write` (docs/EXTRACTION.md, Parser version
 * discipline).
 */
export const PARSER_VERSION = '0.2.1';
