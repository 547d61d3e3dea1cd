/**
 * The record item as stored: the few attributes conditions, GSI keys,
 * filters and facets read stay top level; everything else (the
 * extraction, corrections, reviewed marker, owned index keys, the run's
 * audit events, capped fields) is one brotli-compressed JSON attribute,
 * `body`. A corpus page's item shrinks from ~4.8 KB to under 2 KB, and the
 * GSIs, which project only keys and facet attributes, never carry it.
 *
 * Items written before layout 5 keep `record`, `ownedKeys`, `corrections`,
 * `reviewed`, `capped` and `pendingEvent` top level; `decodeRecordItem`
 * reads both, and `archive reprocess --stale` rewrites the old ones.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { RecordItem } from './items.ts';

/**
 * Brotli quality: 5 compresses a corpus page's body (~5 KB of JSON) to
 * within a few percent of quality 11 at a fraction of its time (measured
 * by scripts/store-write-units.ts, docs/STORE.md).
 */
export const BODY_QUALITY = 5;

/** The attributes kept in the compressed body. */
const BODY_KEYS = [
  'record',
  'ownedKeys',
  'run',
  'corrections',
  'reviewed',
  'capped',
] as const satisfies readonly (keyof RecordItem)[];

type BodyKey = (typeof BODY_KEYS)[number];
type Body = Pick<RecordItem, BodyKey>;

/** Compresses a JSON value (brotli, text mode). */
export function compressJson(value: unknown): Uint8Array {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: BODY_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

/** The value `compressJson` compressed. */
export function decompressJson<T>(bytes: Uint8Array): T {
  return JSON.parse(brotliDecompressSync(bytes).toString('utf8')) as T;
}

/**
 * The item to put: the record item's top-level attributes plus `body`.
 * `sourceDeleted` (set by `markSourceDeleted` without rewriting the body)
 * is never carried over: a commit writes the record as it now is.
 */
export function encodeRecordItem(item: RecordItem): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  const body: Partial<Body> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if ((BODY_KEYS as readonly string[]).includes(name)) {
      (body as Record<string, unknown>)[name] = value;
    } else if (name !== 'pendingEvent' && name !== 'sourceDeleted') {
      top[name] = value;
    }
  }
  const corrections = item.corrections?.length ?? 0;
  return {
    ...top,
    // what a scan for corrected records filters on (the list is in the body)
    ...(corrections > 0 ? { corrected: corrections } : {}),
    body: compressJson(body),
  };
}

/**
 * A record item as read (either layout), with `record.source.deleted` set
 * when the source was marked deleted after the body was written.
 */
export function decodeRecordItem(raw: Record<string, unknown>): RecordItem {
  const { body, corrected: _corrected, ...top } = raw;
  const item = (
    body instanceof Uint8Array
      ? { ...top, ...decompressJson<Body>(body) }
      : { ...top }
  ) as RecordItem;
  item.ownedKeys ??= [];
  if (item.sourceDeleted === true && item.record) {
    item.record = {
      ...item.record,
      source: { ...item.record.source, deleted: true },
    };
  }
  return item;
}
