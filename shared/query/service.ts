/**
 * The query service: filters → the store's access pattern → records, newest
 * date first, with opaque cursors. Used by the CLI (`archive query`, `get`,
 * `export`) and the query API. Domain code: the store is passed in.
 *
 * Plans, by the most selective filter given:
 * 1. `telegram`  → telegram-number index (exact);
 * 2. `person`    → person index (role and dates in the key condition; code
 *                  names the page identifies are indexed under both names);
 * 3. `type`      → type/date index;
 * 4. `status: failed` → scan of record items (failure records carry no date);
 * 5. otherwise   → year/date index.
 * Plans 2, 3 and 5 stream their index newest first (descending keys), page
 * by page, applying the remaining filters (e.g. `text`, or `type` with
 * `person`) as they go; plans 1 and 4 read a small set and sort it. `text` has no index: at scale it belongs in a search
 * index (OpenSearch or a DynamoDB-stream-fed one), see docs/CLI.md.
 */
import { NotFoundError } from '#shared/errors/index.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  decodeQueryCursor,
  encodeQueryCursor,
  type Position,
} from './cursor.ts';
import {
  DEFAULT_LIMIT,
  parseQueryFilters,
  type QueryFilters,
} from './filters.ts';
import type { RecordLinks, RecordReader } from './ports.ts';
import { describeWarning, type ReviewItem, reviewItems } from './warnings.ts';

export interface SearchResult {
  items: DocumentRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  cursor: string | null;
}

export interface RecordView {
  record: DocumentRecord;
  warnings: { code: string; message: string }[];
  /** The lines to check by hand, each with its span (`record.review`). */
  review: ReviewItem[];
  source: {
    bucket: string | null;
    key: string | null;
    uri: string | null;
    /** A URL to open the source (presigned in AWS, local in `npm start`). */
    link: string | null;
  };
  auditTrail: AuditEvent[];
}

export interface QueryServiceOptions extends RecordLinks {
  /** Key that signs cursors (set one per deployment in the API). */
  cursorSecret?: string;
  /** Upper bound on candidates a gathering plan reads per request. */
  maxCandidates?: number;
}

export interface QueryService {
  /** Records matching `filters` (validated here), newest date first. */
  search(
    filters: QueryFilters | Record<string, unknown>
  ): Promise<SearchResult>;
  /** One record with its warnings in words, source link and audit trail. */
  getRecordView(id: string): Promise<RecordView>;
  /** The full decoded text (the excerpt when the full text is unavailable). */
  getRecordText(id: string): Promise<string>;
  /** Every record, ok and failed, in store order (for exports). */
  allRecords(options?: {
    status?: DocumentRecord['status'];
  }): AsyncGenerator<DocumentRecord>;
}

const STORE_PAGE = 200;

/** Lower-cased words of a record that `text` searches. */
function searchableText(record: DocumentRecord): string {
  return [
    record.title,
    record.summary,
    record.telegram?.number,
    ...record.authors,
    ...record.recipients,
    ...record.via,
    ...record.participants,
    ...record.signatories,
    ...record.identifications.flatMap((i) => [i.alias, i.name]),
    record.source.key,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** Same bounds as the store's key conditions: `[from, to]` on prefixes. */
function inDateRange(date: string | null, from?: string, to?: string): boolean {
  if (!from && !to) return true;
  if (!date) return false;
  return (!from || date >= from) && (!to || date <= `${to}\uffff`);
}

/** Newest date first, undated last; ties by id (descending, as the index). */
function newestFirst(a: DocumentRecord, b: DocumentRecord): number {
  const da = a.date ?? '0000';
  const db = b.date ?? '0000';
  if (da !== db) return da < db ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The predicate for the filters the chosen plan did not apply. */
function residualFilter(
  f: QueryFilters,
  applied: ReadonlySet<keyof QueryFilters>
): (r: DocumentRecord) => boolean {
  const words = f.text?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  const status = f.status ?? 'ok';
  return (r) =>
    (applied.has('status') || r.status === status) &&
    (applied.has('type') || !f.type || r.documentType === f.type) &&
    (applied.has('from') || inDateRange(r.date, f.from, f.to)) &&
    (applied.has('telegram') ||
      !f.telegram ||
      r.telegram?.number?.trim() === f.telegram) &&
    (words.length === 0 || words.every((w) => searchableText(r).includes(w)));
}

/**
 * Creates the query service over a store.
 *
 * @param store the record reader (the DynamoDB adapter implements it)
 * @param options cursor secret, source-link and text adapters
 * @example
 * const service = createQueryService(new DynamoDocumentStore(db, table));
 * const { items, cursor } = await service.search({ person: 'Filippov' });
 */
export function createQueryService(
  store: RecordReader,
  options: QueryServiceOptions = {}
): QueryService {
  const secret = options.cursorSecret ?? 'archive-ingest-local';
  const maxCandidates = options.maxCandidates ?? 10_000;

  /**
   * Plans 1 and 4: small candidate sets (one telegram number; failure
   * records, which carry no date), filtered, sorted, sliced by offset.
   */
  async function gathered(
    f: QueryFilters,
    binding: unknown,
    position: Position | null
  ): Promise<SearchResult> {
    const limit = f.limit ?? DEFAULT_LIMIT;
    const offset = typeof position?.o === 'number' ? position.o : 0;
    const applied = new Set<keyof QueryFilters>();
    let records: DocumentRecord[];
    if (f.telegram) {
      records = await store.queryByTelegram(f.telegram);
      applied.add('telegram');
    } else {
      records = [];
      let cursor: string | null = null;
      do {
        const page = await store.listRecords({
          status: f.status ?? 'ok',
          limit: STORE_PAGE,
          cursor,
        });
        records.push(...page.items);
        cursor = page.cursor;
      } while (cursor && records.length < maxCandidates);
      applied.add('status');
    }
    const matching = records
      .filter(residualFilter(f, applied))
      .sort(newestFirst);
    const next = offset + limit;
    return {
      items: matching.slice(offset, next),
      cursor:
        next < matching.length
          ? encodeQueryCursor(secret, binding, { o: next })
          : null,
    };
  }

  /** One store page of records, newest first, for a streaming plan. */
  type Source = (
    cursor: string | null
  ) => Promise<{ items: DocumentRecord[]; cursor: string | null }>;

  /** Plans 2, 3 and 5: the index that applies, read newest first. */
  function indexSource(f: QueryFilters): {
    source: Source;
    applied: Set<keyof QueryFilters>;
  } {
    if (f.person) {
      const person = f.person;
      return {
        applied: new Set(['from', 'status']),
        source: async (cursor) => {
          const page = await store.queryByPerson(person, {
            role: f.role,
            from: f.from,
            to: f.to,
            limit: STORE_PAGE,
            cursor,
            newestFirst: true,
          });
          // one document may be indexed under several roles (adjacent keys)
          const ids = page.items
            .map((h) => h.documentId)
            .filter((id, i, all) => id !== all[i - 1]);
          return { items: await store.getRecords(ids), cursor: page.cursor };
        },
      };
    }
    if (f.type) {
      const type = f.type;
      return {
        applied: new Set(['type', 'from', 'status']),
        source: (cursor) =>
          store.queryByType(type, {
            from: f.from,
            to: f.to,
            limit: STORE_PAGE,
            cursor,
            newestFirst: true,
          }),
      };
    }
    return {
      applied: new Set(['from', 'status']),
      source: (cursor) =>
        store.queryByYearRange(f.from, f.to, { limit: STORE_PAGE, cursor }),
    };
  }

  /**
   * Streams an index newest first. The position is the store cursor of the
   * current store page, how many of its items were consumed, and the last
   * record returned (a document indexed under several roles can straddle a
   * page boundary), so a page cut in the middle resumes exactly there.
   * At most `maxCandidates` records are examined per request.
   */
  async function streamed(
    f: QueryFilters,
    binding: unknown,
    position: Position | null
  ): Promise<SearchResult> {
    const limit = f.limit ?? DEFAULT_LIMIT;
    const { source, applied } = indexSource(f);
    const keep = residualFilter(f, applied);
    let pageCursor = typeof position?.c === 'string' ? position.c : null;
    let skip = typeof position?.s === 'number' ? position.s : 0;
    let last = typeof position?.l === 'string' ? position.l : null;
    const items: DocumentRecord[] = [];
    let scanned = 0;
    for (;;) {
      const page = await source(pageCursor);
      const rest = page.items.slice(skip);
      for (let i = 0; i < rest.length; i += 1) {
        const record = rest[i]!;
        scanned += 1;
        if (record.id !== last && keep(record)) {
          items.push(record);
          last = record.id;
        }
        const consumed = skip + i + 1;
        const more = consumed < page.items.length || page.cursor !== null;
        if (items.length === limit || (scanned >= maxCandidates && more)) {
          // stop here; an empty page with a cursor means "keep going"
          if (!more) return { items, cursor: null };
          const next =
            consumed < page.items.length
              ? { c: pageCursor, s: consumed, l: last }
              : { c: page.cursor, s: 0, l: last };
          return { items, cursor: encodeQueryCursor(secret, binding, next) };
        }
      }
      if (!page.cursor) return { items, cursor: null };
      pageCursor = page.cursor;
      skip = 0;
    }
  }

  return {
    async search(input) {
      const f = parseQueryFilters(input as Record<string, unknown>);
      const { cursor, limit: _limit, ...rest } = f;
      const binding = rest;
      const position = cursor
        ? decodeQueryCursor(secret, binding, cursor)
        : null;
      const streaming = !f.telegram && f.status !== 'failed';
      return streaming
        ? streamed(f, binding, position)
        : gathered(f, binding, position);
    },

    async getRecordView(id) {
      const record = await store.getRecord(id);
      if (!record) throw new NotFoundError(`No record with id "${id}"`);
      const [auditTrail, link] = await Promise.all([
        store.getAuditTrail(id),
        options.sourceLink ? options.sourceLink(record) : Promise.resolve(null),
      ]);
      return {
        record,
        warnings: record.warnings.map((code) => ({
          code,
          message: describeWarning(code, record),
        })),
        review: reviewItems(record),
        source: {
          bucket: record.source.bucket ?? null,
          key: record.source.key ?? null,
          uri: record.source.uri ?? null,
          link,
        },
        auditTrail,
      };
    },

    async getRecordText(id) {
      const record = await store.getRecord(id);
      if (!record) throw new NotFoundError(`No record with id "${id}"`);
      if (record.text?.uri && options.readText) {
        return options.readText(record.text.uri);
      }
      return record.text?.excerpt ?? '';
    },

    async *allRecords(opts = {}) {
      let cursor: string | null = null;
      do {
        const page = await store.listRecords({
          status: opts.status,
          limit: STORE_PAGE,
          cursor,
        });
        yield* page.items;
        cursor = page.cursor;
      } while (cursor);
    },
  };
}
