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
 * `person`) as they go; plans 1 and 4 read a small set and sort it.
 *
 * `person` is any part of a name in any spelling: the store resolves it to
 * the person keys it means (shared/extract/names.ts) and merges their
 * index entries. `text` uses the full-text index when there is one (the
 * embedded runtime's, over the whole decoded text: plan 0, ids from the
 * index, then the other filters); without one (AWS) it filters title,
 * summary and names as the plans stream, see docs/ARCHITECTURE.md.
 *
 * Facets (counts by type, year and person over the whole match) are read
 * from the same indexes with projected attributes (facets.ts).
 */
import { randomBytes } from 'node:crypto';
import type {
  CorrectedMark,
  Correction,
  Reviewed,
} from '#shared/corrections/index.ts';
import { NotFoundError, ValidationError } from '#shared/errors/index.ts';
import { personKey } from '#shared/extract/names.ts';
import { readRecordText } from '#shared/pipeline/derived-text.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  decodeQueryCursor,
  encodeQueryCursor,
  type Position,
} from './cursor.ts';
import { countFacets, type Facets, facetRowOf, namesByRole } from './facets.ts';
import {
  DEFAULT_LIMIT,
  parseQueryFilters,
  type QueryFilters,
} from './filters.ts';
import {
  listPeople,
  type PeopleOptions,
  type PersonSummary,
} from './people.ts';
import type {
  FacetRow,
  Page,
  RecordLinks,
  RecordReader,
  ReviewQueuePage,
  Snippet,
  TextIndex,
} from './ports.ts';
import { createReviewUseCases } from './review.ts';
import { describeWarning, type ReviewItem, reviewItems } from './warnings.ts';

export interface SearchResult {
  items: DocumentRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  cursor: string | null;
  /** With `facets: true`: counts over the whole match. */
  facets?: Facets;
  /** With `text` and a full-text index: where the words occur, by record id. */
  snippets?: Record<string, Snippet>;
}

export interface SearchOptions {
  /** Count facets over the whole match (costs a read of the indexes). */
  facets?: boolean;
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
  /** Every correction of the record, in order, with its status (docs/REVIEW.md). */
  corrections: Correction[];
  /** Field paths a correction set (`record` shows the corrected value), and by which. */
  corrected: Record<string, CorrectedMark>;
  /** Who marked the record reviewed, when, with what note (null: not reviewed). */
  reviewed: Reviewed | null;
  /** The record's review flags; it waits in the review queue while one is not covered by `reviewed`. */
  reviewFlags: string[];
}

export interface QueryServiceOptions extends RecordLinks {
  /** Key that signs cursors (one per deployment; default: random per service). */
  cursorSecret?: string;
  /** Upper bound on candidates a gathering plan reads per request. */
  maxCandidates?: number;
  /** Upper bound on records facet counts read per request. */
  maxFacetRows?: number;
  /** The full-text index over decoded text (embedded runtime). */
  textIndex?: TextIndex;
  /** The time corrections and reviewed markers are stamped with (tests). */
  clock?: () => Date;
}

export interface QueryService {
  /** Records matching `filters` (validated here), newest date first. */
  search(
    filters: QueryFilters | Record<string, unknown>,
    options?: SearchOptions
  ): Promise<SearchResult>;
  /** The people of the archive, spellings merged, surname first. */
  listPeople(options?: PeopleOptions): Promise<Page<PersonSummary>>;
  /**
   * One record (its corrections applied) with its warnings in words,
   * source link, audit trail, corrections and reviewed marker.
   */
  getRecordView(id: string): Promise<RecordView>;
  /** The records waiting for review, oldest first, with counts by flag. */
  reviewQueue(options?: {
    limit?: number;
    cursor?: string | null;
  }): Promise<ReviewQueuePage>;
  /**
   * Makes a correction (`{ op, path, value?, span?, note?, id? }`) as
   * `by`; returns it with the record view after it. `created` is false
   * when a correction with the client's `id` was already saved.
   */
  correct(
    id: string,
    input: unknown,
    by: string
  ): Promise<{ correction: Correction; created: boolean; view: RecordView }>;
  /** Marks a record reviewed (`{ note? }`) as `by`. */
  markReviewed(
    id: string,
    input: unknown,
    by: string
  ): Promise<{ reviewed: Reviewed }>;
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

/** Does the record name one of `keys` (in `role`, when given)? */
function namesPerson(
  r: DocumentRecord,
  keys: ReadonlySet<string>,
  role: string | undefined
): boolean {
  const aliases = new Map<string, string[]>();
  for (const { alias, name } of r.identifications) {
    aliases.set(personKey(alias), [
      ...(aliases.get(personKey(alias)) ?? []),
      name,
    ]);
    aliases.set(personKey(name), [
      ...(aliases.get(personKey(name)) ?? []),
      alias,
    ]);
  }
  return namesByRole(r).some(
    ([named, names]) =>
      (!role || named === role) &&
      names.some((n) =>
        [n, ...(aliases.get(personKey(n)) ?? [])].some((m) =>
          keys.has(personKey(m))
        )
      )
  );
}

/** The predicate for the filters the chosen plan did not apply. */
function residualFilter(
  f: QueryFilters,
  applied: ReadonlySet<keyof QueryFilters>,
  personKeys: ReadonlySet<string> | null = null
): (r: DocumentRecord) => boolean {
  const words = applied.has('text')
    ? []
    : (f.text?.toLowerCase().split(/\s+/).filter(Boolean) ?? []);
  const status = f.status ?? 'ok';
  return (r) =>
    (applied.has('status') || r.status === status) &&
    (applied.has('person') ||
      !f.person ||
      (personKeys !== null && namesPerson(r, personKeys, f.role))) &&
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
  // no key given: a random one, so cursors die with this service instead
  // of being signed with something guessable
  const secret = options.cursorSecret ?? randomBytes(32).toString('base64url');
  const maxCandidates = options.maxCandidates ?? 10_000;
  const maxFacetRows = options.maxFacetRows ?? 10_000;
  const textIndex = options.textIndex;
  const review = createReviewUseCases(store, {
    secret,
    ...(options.readText ? { readText: options.readText } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });

  /** What one search needs beyond its filters. */
  interface Plan {
    f: QueryFilters;
    binding: unknown;
    position: Position | null;
    /** Person keys `f.person` means (null without `person`). */
    personKeys: ReadonlySet<string> | null;
  }

  /** Sorts and slices a gathered match by offset. */
  function slice(plan: Plan, matching: DocumentRecord[]): SearchResult {
    const limit = plan.f.limit ?? DEFAULT_LIMIT;
    const offset = typeof plan.position?.o === 'number' ? plan.position.o : 0;
    const next = offset + limit;
    return {
      items: matching.slice(offset, next),
      cursor:
        next < matching.length
          ? encodeQueryCursor(secret, plan.binding, { o: next })
          : null,
    };
  }

  /**
   * Plans 1 and 4: small candidate sets (one telegram number; failure
   * records, which carry no date), filtered and sorted.
   */
  async function gatheredMatch(plan: Plan): Promise<DocumentRecord[]> {
    const { f } = plan;
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
    return records
      .filter(residualFilter(f, applied, plan.personKeys))
      .sort(newestFirst);
  }

  /**
   * Plan 0: `text` with a full-text index. The index gives the records
   * holding every word and phrase (with snippets); the other filters are
   * applied to them, newest first.
   */
  async function textMatch(
    plan: Plan,
    index: TextIndex,
    text: string
  ): Promise<{
    records: DocumentRecord[];
    /** Snippets of the records on the page shown. */
    snippetsFor: (ids: string[]) => Promise<Record<string, Snippet>>;
  }> {
    let ids: string[];
    let snippetsFor: (ids: string[]) => Promise<Record<string, Snippet>>;
    if (index.matchIds && index.snippets) {
      ids = await index.matchIds(text, maxCandidates);
      const snippets = index.snippets.bind(index);
      snippetsFor = (page) => snippets(text, page);
    } else {
      const hits = await index.search(text, maxCandidates);
      const all = new Map(hits.map((h) => [h.id, h.snippet]));
      ids = hits.map((h) => h.id);
      snippetsFor = async (page) =>
        Object.fromEntries(
          page.flatMap((id) => {
            const s = all.get(id);
            return s ? [[id, s]] : [];
          })
        );
    }
    const records = (await store.getRecords(ids))
      .filter(residualFilter(plan.f, new Set(['text']), plan.personKeys))
      .sort(newestFirst);
    return { records, snippetsFor };
  }

  /** One store page of records, newest first, for a streaming plan. */
  type Source = (
    cursor: string | null
  ) => Promise<{ items: DocumentRecord[]; cursor: string | null }>;

  /** Plans 2, 3 and 5: the index that applies, read newest first. */
  function indexSource(plan: Plan): {
    source: Source;
    applied: Set<keyof QueryFilters>;
  } {
    const { f, personKeys } = plan;
    if (personKeys) {
      const keys = [...personKeys];
      return {
        applied: new Set(['person', 'from', 'status']),
        source: async (cursor) => {
          const page = await store.queryByPersonKeys(keys, {
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
  async function streamed(plan: Plan): Promise<SearchResult> {
    const { f, binding, position } = plan;
    const limit = f.limit ?? DEFAULT_LIMIT;
    const { source, applied } = indexSource(plan);
    const keep = residualFilter(f, applied, plan.personKeys);
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

  /**
   * Facet rows of a streaming plan's whole match (at most `maxFacetRows`),
   * from index entries and projected attributes. Without a full-text
   * index, `text` needs the records themselves: they are read as the
   * search reads them.
   */
  async function streamedFacetRows(
    plan: Plan
  ): Promise<{ rows: FacetRow[]; complete: boolean }> {
    const { f, personKeys } = plan;
    if (f.text) {
      const { source, applied } = indexSource(plan);
      const keep = residualFilter(f, applied, personKeys);
      const rows: FacetRow[] = [];
      let cursor: string | null = null;
      let read = 0;
      do {
        const page = await source(cursor);
        for (const r of page.items) {
          read += 1;
          if (keep(r)) rows.push(facetRowOf(r));
        }
        cursor = page.cursor;
      } while (cursor && read < maxFacetRows);
      return { rows, complete: cursor === null };
    }
    if (personKeys) {
      const ids: string[] = [];
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = await store.queryByPersonKeys([...personKeys], {
          role: f.role,
          from: f.from,
          to: f.to,
          limit: 1000,
          cursor,
          newestFirst: true,
        });
        for (const hit of page.items) {
          if (seen.has(hit.documentId)) continue;
          if (f.type && hit.documentType && hit.documentType !== f.type) {
            continue;
          }
          seen.add(hit.documentId);
          ids.push(hit.documentId);
        }
        cursor = page.cursor;
      } while (cursor && ids.length < maxFacetRows);
      const rows = await store.facetRowsOf(ids.slice(0, maxFacetRows));
      return {
        // entries indexed before the type was kept on them are checked here
        rows: rows.filter((r) => !f.type || r.documentType === f.type),
        complete: cursor === null && ids.length <= maxFacetRows,
      };
    }
    return store.facetRows(
      { type: f.type, from: f.from, to: f.to },
      maxFacetRows
    );
  }

  return {
    async search(input, searchOptions = {}) {
      const f = parseQueryFilters(input as Record<string, unknown>);
      const { cursor, limit: _limit, ...rest } = f;
      const binding = rest;
      const position = cursor
        ? decodeQueryCursor(secret, binding, cursor)
        : null;
      const personKeys = f.person
        ? new Set(await store.resolvePerson(f.person))
        : null;
      const plan: Plan = { f, binding, position, personKeys };
      if (personKeys?.size === 0) {
        return {
          items: [],
          cursor: null,
          ...(searchOptions.facets ? { facets: countFacets([], true) } : {}),
        };
      }
      const facetsFrom = (
        records: DocumentRecord[],
        complete: boolean
      ): Facets => countFacets(records.map(facetRowOf), complete);

      if (f.text && textIndex && f.status !== 'failed') {
        const { records, snippetsFor } = await textMatch(
          plan,
          textIndex,
          f.text
        );
        const result = slice(plan, records);
        return {
          ...result,
          snippets: await snippetsFor(result.items.map((r) => r.id)),
          ...(searchOptions.facets
            ? { facets: facetsFrom(records, records.length < maxCandidates) }
            : {}),
        };
      }
      if (f.telegram || f.status === 'failed') {
        const records = await gatheredMatch(plan);
        return {
          ...slice(plan, records),
          ...(searchOptions.facets
            ? { facets: facetsFrom(records, records.length < maxCandidates) }
            : {}),
        };
      }
      const [result, facetRows] = await Promise.all([
        streamed(plan),
        searchOptions.facets ? streamedFacetRows(plan) : null,
      ]);
      return {
        ...result,
        ...(facetRows
          ? { facets: countFacets(facetRows.rows, facetRows.complete) }
          : {}),
      };
    },

    async listPeople(peopleOptions = {}) {
      // the store's cursor travels inside a signed one, like search's
      const binding = ['people', peopleOptions.prefix?.trim() ?? ''];
      const inner = peopleOptions.cursor
        ? decodeQueryCursor(secret, binding, peopleOptions.cursor).c
        : null;
      if (peopleOptions.cursor && typeof inner !== 'string') {
        throw new ValidationError('cursor: not a cursor of this service');
      }
      const page = await listPeople(store, {
        ...peopleOptions,
        cursor: inner as string | null,
      });
      return {
        ...page,
        cursor: page.cursor
          ? encodeQueryCursor(secret, binding, { c: page.cursor })
          : null,
      };
    },

    async getRecordView(id) {
      const state = await review.reviewState(id);
      if (!state) throw new NotFoundError(`No record with id "${id}"`);
      const { record } = state;
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
        corrections: state.corrections,
        corrected: state.corrected,
        reviewed: state.reviewed,
        reviewFlags: state.reviewFlags,
      };
    },

    reviewQueue(queueOptions = {}) {
      return review.reviewQueue(queueOptions);
    },

    async correct(id, input, by) {
      const made = await review.correct(id, input, by);
      return { ...made, view: await this.getRecordView(id) };
    },

    markReviewed(id, input, by) {
      return review.markReviewed(id, input, by);
    },

    async getRecordText(id) {
      const record = await store.getRecord(id);
      if (!record) throw new NotFoundError(`No record with id "${id}"`);
      if (record.text?.uri && options.readText) {
        return readRecordText(record, options.readText);
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
