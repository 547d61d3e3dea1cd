/**
 * The extractor's version. Bump it whenever extraction output can change:
 * idempotency keys include it, and `archive reprocess --older-than-parser`
 * uses it to find records to re-run.
 */
export const PARSER_VERSION = '0.1.0';
