/**
 * Which table items a backfill reads and what it sends for each: the scan
 * request (projection and filter, as plain data for the DynamoDB document
 * client) and the decision per projected record item.
 *
 * The only item attributes read are the record item's key (`PK`, `SK`),
 * `documentId`, `status`, `parserVersion`, `indexVersion` and the stored
 * record's source reference (bucket, key, version, deleted). The record
 * lives in the item's compressed `body` (index layout 5, or top level as
 * `record` in older items; shared/store/record-codec.ts), so the
 * projection takes both and the store's own codec reads the source: a
 * layout change in the store changes `RECORD_ITEM` and the codec, not
 * this logic.
 */
import type { ReprocessMessage } from '#functions/ingest/events.ts';
import { PARSER_VERSION } from '#shared/extract/version.ts';
import { INDEX_VERSION, RECORD_SK } from '#shared/store/keys.ts';
import { decodeRecordItem } from '#shared/store/record-codec.ts';
import type { CurrentVersions, Selection } from './selection.ts';
import { forceFor, isSelected } from './selection.ts';

/** Where a record item keeps what the backfill reads (docs/STORE.md). */
export const RECORD_ITEM = {
  /** The sort key every record item has, and no other item. */
  sortKey: RECORD_SK,
  /** Document path of the source reference in items of layout 4 and older. */
  sourcePath: ['record', 'source'] as const,
  /** The compressed attribute holding the record (layout 5). */
  body: 'body',
  /** Set when the source was deleted after the body was written. */
  sourceDeleted: 'sourceDeleted',
} as const;

/** A table key as DynamoDB returns it in `LastEvaluatedKey`. */
export type ItemKey = Record<string, string | number>;

/** A record item as the backfill's projection returns it. */
export interface ProjectedRecord {
  PK?: string;
  SK?: string;
  documentId?: string;
  status?: string;
  parserVersion?: string;
  indexVersion?: number;
  record?: { source?: SourceReference };
  /** Compressed record and the rest (layout 5). */
  body?: Uint8Array;
  sourceDeleted?: boolean;
}

/** What a reprocess needs of the stored record's source. */
export interface SourceReference {
  bucket?: string;
  key?: string;
  versionId?: string | null;
  deleted?: boolean;
}

/**
 * The parts of a Scan request a backfill sets (the adapter adds the table
 * name, segment and start key). Values are plain JS for the document
 * client.
 */
export interface RecordScanSpec {
  ProjectionExpression: string;
  FilterExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, string | number>;
}

/**
 * The projection and filter of a backfill scan. The filter keeps record
 * items only and, for a stale or version selection, drops the items
 * already at the current (or named) parser version with a current index
 * layout: it narrows what crosses the network (DynamoDB still reads, and
 * bills, every item of the segment); `isSelected` decides exactly.
 *
 * @param selection what to re-run
 * @param current the versions the running code writes
 */
export function recordScanSpec(
  selection: Selection,
  current: CurrentVersions = currentVersions()
): RecordScanSpec {
  const [recordAttr, sourceAttr] = RECORD_ITEM.sourcePath;
  const names: Record<string, string> = {
    '#sk': 'SK',
    '#pk': 'PK',
    '#doc': 'documentId',
    '#status': 'status',
    '#pv': 'parserVersion',
    '#iv': 'indexVersion',
    '#record': recordAttr,
    '#source': sourceAttr,
    '#body': RECORD_ITEM.body,
    '#deleted': RECORD_ITEM.sourceDeleted,
  };
  const values: Record<string, string | number> = {
    ':sk': RECORD_ITEM.sortKey,
  };
  const filters = ['#sk = :sk'];
  if (selection.status !== undefined) {
    filters.push('#status = :status');
    values[':status'] = selection.status;
  }
  if (selection.mode === 'stale') {
    filters.push(
      '(#pv <> :pv OR attribute_not_exists(#iv) OR #iv < :iv OR attribute_not_exists(#pv))'
    );
    values[':pv'] = current.parserVersion;
    values[':iv'] = current.indexVersion;
  } else if (selection.mode === 'older-than-parser') {
    filters.push('(#pv <> :pv OR attribute_not_exists(#pv))');
    values[':pv'] = selection.olderThanParser ?? '';
  }
  return {
    ProjectionExpression: [
      '#pk',
      '#sk',
      '#doc',
      '#status',
      '#pv',
      '#iv',
      '#record.#source',
      '#body',
      '#deleted',
    ].join(', '),
    FilterExpression: filters.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The versions this build writes (parser from shared/extract/version.ts). */
export function currentVersions(
  parserVersion: string = PARSER_VERSION
): CurrentVersions {
  return { parserVersion, indexVersion: INDEX_VERSION };
}

/** What the backfill does with one record item it scanned. */
export type RecordDecision =
  | { kind: 'not-selected' }
  | { kind: 'skip'; documentId: string; reason: string }
  | { kind: 'send'; documentId: string; message: ReprocessMessage };

/**
 * Why a record gets no reprocess message, or null when it gets one: a
 * reprocess re-reads the stored source object.
 */
export function notReprocessableSource(
  source: { bucket?: string; key?: string; deleted?: boolean } | undefined
): string | null {
  if (!source?.bucket || !source.key) return 'no stored source object';
  if (source.deleted) return 'the source object was deleted';
  return null;
}

/**
 * Decides one projected item: not selected, selected but with nothing to
 * re-read (skip, with why), or the reprocess message to send.
 *
 * @param item a projected item (the filter already kept record items)
 * @param selection what to re-run
 * @param current the versions the running code writes
 */
export function decideRecord(
  item: ProjectedRecord,
  selection: Selection,
  current: CurrentVersions
): RecordDecision {
  if (item.SK !== RECORD_ITEM.sortKey) return { kind: 'not-selected' };
  if (!isSelected(item, selection, current)) return { kind: 'not-selected' };
  const documentId = item.documentId ?? (item.PK ?? '').replace(/^DOC#/, '');
  const source = sourceOf(item);
  const why = notReprocessableSource(source);
  if (why !== null || !source?.bucket || !source.key) {
    return { kind: 'skip', documentId, reason: why ?? 'no source' };
  }
  return {
    kind: 'send',
    documentId,
    message: {
      type: 'reprocess',
      bucket: source.bucket,
      key: source.key,
      ...(source.versionId ? { versionId: source.versionId } : {}),
      force: forceFor(selection),
    },
  };
}

/**
 * The source reference of a projected record item, in either layout, as
 * the store reads it (the body decompressed, `sourceDeleted` applied).
 */
export function sourceOf(item: ProjectedRecord): SourceReference | undefined {
  if (item.body === undefined) {
    return item.sourceDeleted && item.record?.source
      ? { ...item.record.source, deleted: true }
      : item.record?.source;
  }
  const decoded = decodeRecordItem(item as Record<string, unknown>);
  const source = decoded.record?.source as SourceReference | undefined;
  return (
    source && {
      bucket: source.bucket,
      key: source.key,
      versionId: source.versionId ?? null,
      deleted: source.deleted ?? false,
    }
  );
}
