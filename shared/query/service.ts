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
 * 5. otherwise   → year/date index, newest first, streamed page by page.
 * Remaining filters (e.g. `text`, or `type` with `person`) are applied to the
 * candidates. Plans 1-4 gather their candidates (at most `maxCandidates`)
 * and sort them, because the person and type indexes are read oldest first;
 * plan 5 streams. `text` has no index: at scale it belongs in a search
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
import { describeWarning } from './warnings.ts';

export interface SearchResult {
  items: DocumentRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  cursor: string | null;
}

export interface RecordView {
  record: DocumentRecord;
  warnings: { code: string; message: string }[];
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

  async function gatherPages<T>(
    fetch: (
      cursor: string | null
    ) => Promise<{ items: T[]; cursor: string | null }>
  ): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | null = null;
    do {
      const page = await fetch(cursor);
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor && all.length < maxCandidates);
    return all.slice(0, maxCandidates);
  }

  /** Plans 1-4: candidates gathered, filtered, sorted, sliced by offset. */
  async function gathered(
    f: QueryFilters,
    binding: unknown,
    position: Position | null
  ): Promise<SearchResult> {
    const limit = f.limit ?? DEFAULT_LIMIT;
    const offset = typeof position?.o === 'number' ? position.o : 0;
    let records: DocumentRecord[];
    const applied = new Set<keyof QueryFilters>();
    if (f.telegram) {
      records = await store.queryByTelegram(f.telegram);
      applied.add('telegram');
    } else if (f.person) {
      const person = f.person;
      const hits = await gatherPages((cursor) =>
        store.queryByPerson(person, {
          role: f.role,
          from: f.from,
          to: f.to,
          limit: STORE_PAGE,
          cursor,
        })
      );
      applied.add('from');
      const ids = [
        ...new Map(
          hits
            .sort((a, b) =>
              (a.date ?? '0000') === (b.date ?? '0000')
                ? a.documentId < b.documentId
                  ? 1
                  : -1
                : (a.date ?? '0000') < (b.date ?? '0000')
                  ? 1
                  : -1
            )
            .map((h) => [h.documentId, h.documentId])
        ).keys(),
      ];
      const needsRecords = f.type || f.text || f.status === 'failed';
      if (!needsRecords) {
        // only the page's records are read; the index gave the order
        const pageIds = ids.slice(offset, offset + limit);
        const items = (await store.getRecords(pageIds)).filter(
          residualFilter(f, applied)
        );
        const next = offset + limit;
        return {
          items,
          cursor:
            next < ids.length
              ? encodeQueryCursor(secret, binding, { o: next })
              : null,
        };
      }
      records = await store.getRecords(ids);
    } else if (f.type && f.status !== 'failed') {
      const type = f.type;
      records = await gatherPages((cursor) =>
        store.queryByType(type, {
          from: f.from,
          to: f.to,
          limit: STORE_PAGE,
          cursor,
        })
      );
      applied.add('type');
      applied.add('from');
    } else {
      const status = f.status ?? 'ok';
      records = await gatherPages((cursor) =>
        store.listRecords({ status, limit: STORE_PAGE, cursor })
      );
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

  /**
   * Plan 5: the year index, newest first, streamed. The position is the
   * store cursor of the current store page and how many of its items were
   * consumed, so a page cut in the middle resumes exactly there.
   */
  async function streamed(
    f: QueryFilters,
    binding: unknown,
    position: Position | null
  ): Promise<SearchResult> {
    const limit = f.limit ?? DEFAULT_LIMIT;
    const keep = residualFilter(f, new Set(['from', 'status']));
    let pageCursor = typeof position?.c === 'string' ? position.c : null;
    let skip = typeof position?.s === 'number' ? position.s : 0;
    const items: DocumentRecord[] = [];
    let scanned = 0;
    for (;;) {
      const page = await store.queryByYearRange(f.from, f.to, {
        limit: STORE_PAGE,
        cursor: pageCursor,
      });
      const rest = page.items.slice(skip);
      for (let i = 0; i < rest.length; i += 1) {
        const record = rest[i]!;
        scanned += 1;
        if (keep(record)) items.push(record);
        const consumed = skip + i + 1;
        const more = consumed < page.items.length || page.cursor !== null;
        if (items.length === limit || (scanned >= maxCandidates && more)) {
          // stop here; an empty page with a cursor means "keep going"
          if (!more) return { items, cursor: null };
          const next =
            consumed < page.items.length
              ? { c: pageCursor, s: consumed }
              : { c: page.cursor, s: 0 };
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
      const streaming =
        !f.telegram && !f.person && !f.type && f.status !== 'failed';
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
          message: describeWarning(code),
        })),
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
