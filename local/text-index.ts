/**
 * The embedded runtime's full-text index (the `TextIndex` port of
 * shared/query) over minisearch (docs/DECISIONS.md says why that library).
 *
 * What it holds: for each ok record with a decoded text, the words of that
 * text (tokenized by shared/query/text-search.ts `tokenize`, the same
 * function every check uses), plus a small entry per document (text URI
 * and `processedAt`, the stamp that says which version was indexed). The
 * text itself is NOT kept: at 100k pages of ~4 KB it would be ~400 MB of
 * strings in memory and in the file; a search reads the texts of its
 * candidates from S3 (local disk through s3rver, ~4 ms a text) to verify
 * them and cut the snippets, stopping once `limit` hits are verified, and
 * keeps the most recently read texts in a bounded cache (`textCacheChars`)
 * for the next page of the same search.
 *
 * Lifecycle:
 * 1. `open()` (lazy: the first search or update, or the runtime at start
 *    when it ingests) loads `<dataDir>/search-index.json`; when the file
 *    is missing, unreadable or written by another tokenizer version it
 *    rebuilds from the store, saying so in the log; then it reconciles
 *    against the store: documents added, changed (other `processedAt` or
 *    URI) or removed since the file was written.
 * 2. `update(record)` after every committed record (the runtime wraps the
 *    store's `commit`, `indexingStore`): ok records are (re)indexed,
 *    failure records dropped.
 * 3. Writes are debounced (`flushDelayMs`, or 20 times the last write's
 *    time when a large index takes longer to write), atomic (temp file + rename),
 *    forced by `flush()` (the runtime calls it when the queue drains) and
 *    by `close()`. A `--memory` runtime passes `file: null`: nothing is
 *    written.
 *
 * Search: minisearch gives the candidates (every word of the query, no
 * fuzzy or prefix matching), then each candidate's text is checked with
 * `matchesText` (phrases, and any index drift) and cut with `snippet`.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import MiniSearch, { type Options } from 'minisearch';
import pLimit from 'p-limit';
import { NotFoundError, ValidationError } from '#shared/errors/index.ts';
import type {
  CommitRequest,
  CommitResult,
  DocumentStore,
} from '#shared/pipeline/ports.ts';
import type { Page, Snippet, TextHit, TextIndex } from '#shared/query/ports.ts';
import {
  matchesText,
  parseTextQuery,
  queryTerms,
  snippet,
  TOKENIZER_VERSION,
  tokenize,
} from '#shared/query/text-search.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

/** The index file's name in the data dir. */
export const TEXT_INDEX_FILE = 'search-index.json';

/** Format of the file; bumped when its shape changes (the file is then rebuilt). */
const FILE_FORMAT = 'archive-text-index/1';

/** What the index reads: the store's records and their decoded texts. */
export interface TextIndexSource {
  /** Every record item, ok and failed, page by page. */
  listRecords(options: {
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<DocumentRecord>>;
  /** The text behind `record.text.uri`; NotFoundError when it is gone. */
  readText(uri: string): Promise<string>;
}

export interface LocalTextIndexOptions {
  /** The persisted index (`<dataDir>/search-index.json`); null: memory only. */
  file: string | null;
  source: TextIndexSource;
  /** One line per notable event (rebuilds, reconciliation, failures). */
  log?: (line: string) => void;
  /** Debounce of writes after a change (default 1000 ms). */
  flushDelayMs?: number;
  /** Texts read at once when indexing or verifying (default 8). */
  concurrency?: number;
  /**
   * Characters of decoded text kept between searches (default 32 Mi,
   * about 8,000 pages): each results page runs the search again, and a
   * text URI names one immutable object (its key holds the sha256).
   */
  textCacheChars?: number;
}

/** Which version of a document is indexed. */
interface Entry {
  uri: string;
  /** The record's `processedAt` when it was indexed. */
  stamp: string;
}

interface IndexFile {
  format: string;
  tokenizer: number;
  writtenAt: string;
  entries: Record<string, Entry>;
  index: ReturnType<MiniSearch['toJSON']>;
}

/** What `open()` did, for the log and for tests. */
export interface OpenReport {
  /** `file`: loaded and reconciled; `rebuilt`: from the store; `memory`. */
  from: 'file' | 'rebuilt' | 'memory';
  /** Why it was rebuilt (missing, unreadable, other version), or null. */
  reason: string | null;
  added: number;
  updated: number;
  removed: number;
  documents: number;
  ms: number;
}

/** One indexed document: the id and the text (not stored, only indexed). */
interface IndexedText {
  id: string;
  text: string;
}

const MINISEARCH_OPTIONS: Options<IndexedText> = {
  fields: ['text'],
  // tokens come out folded (case, accents): nothing left to process
  tokenize: (text: string) => tokenize(text),
  processTerm: (term: string) => term,
  searchOptions: { combineWith: 'AND', prefix: false, fuzzy: false },
};

/** True for a record whose text belongs in the index. */
function indexable(
  record: DocumentRecord
): record is DocumentRecord & { text: { uri: string } } {
  return record.status === 'ok' && typeof record.text?.uri === 'string';
}

/** Least recently used texts by URI, bounded by their total length. */
class TextCache {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(uri: string): string | undefined {
    const text = this.texts.get(uri);
    if (text !== undefined) {
      // most recent last
      this.texts.delete(uri);
      this.texts.set(uri, text);
    }
    return text;
  }

  set(uri: string, text: string): void {
    if (text.length > this.maxChars || this.texts.has(uri)) return;
    this.texts.set(uri, text);
    this.chars += text.length;
    for (const [old, oldText] of this.texts) {
      if (this.chars <= this.maxChars) break;
      this.texts.delete(old);
      this.chars -= oldText.length;
    }
  }
}

/** Runs `task` over `items`, at most `limit` at once, keeping order. */
function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>
): Promise<R[]> {
  const run = pLimit(limit);
  return Promise.all(items.map((item) => run(() => task(item))));
}

export class LocalTextIndex implements TextIndex {
  private mini = new MiniSearch<IndexedText>(MINISEARCH_OPTIONS);
  private entries = new Map<string, Entry>();
  /** Newest `processedAt` applied per id in this process (late updates lose). */
  private readonly applied = new Map<string, string>();
  private opening: Promise<OpenReport> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly log: (line: string) => void;
  private readonly flushDelayMs: number;
  private readonly concurrency: number;
  private readonly cache: TextCache;

  constructor(private readonly options: LocalTextIndexOptions) {
    this.log = options.log ?? (() => undefined);
    this.flushDelayMs = options.flushDelayMs ?? 1_000;
    this.concurrency = options.concurrency ?? 8;
    this.cache = new TextCache(options.textCacheChars ?? 32 * 1024 * 1024);
  }

  /** Documents and distinct words in the index. */
  get stats(): { documents: number; terms: number } {
    return { documents: this.mini.documentCount, terms: this.mini.termCount };
  }

  /**
   * Loads or rebuilds the index and reconciles it with the store. Runs
   * once; every other method waits for it. A failure is reported to the
   * caller and the next call tries again.
   */
  open(): Promise<OpenReport> {
    if (!this.opening) {
      this.opening = this.load().catch((error: unknown) => {
        this.opening = null;
        throw error;
      });
    }
    return this.opening;
  }

  async search(query: string, limit: number): Promise<TextHit[]> {
    const q = parseTextQuery(query);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ValidationError(
        `text search limit: expected a positive integer, got ${limit}`
      );
    }
    await this.open();
    const candidates = this.mini
      .search(queryTerms(q).join(' '))
      .map((r) => String(r.id));
    const hits: TextHit[] = [];
    // verify in batches: stop reading texts once `limit` hits are found
    for (let i = 0; i < candidates.length && hits.length < limit; ) {
      const batch = candidates.slice(i, i + this.concurrency);
      i += batch.length;
      const checked = await mapLimit(batch, this.concurrency, async (id) => {
        const entry = this.entries.get(id);
        if (!entry) return null; // dropped while this search ran
        const text = await this.readOrNull(entry.uri);
        if (text === null || !matchesText(q, text)) return null;
        return { id, snippet: snippet(q, text) };
      });
      for (const hit of checked) {
        if (hit && hits.length < limit) hits.push(hit);
      }
    }
    return hits;
  }

  /**
   * Every record holding the words and phrases, without snippets, at most
   * `limit`. Words alone are answered by the index (it tokenizes as
   * `matchesText` does); phrases are checked against the texts.
   */
  async matchIds(query: string, limit: number): Promise<string[]> {
    const q = parseTextQuery(query);
    await this.open();
    const candidates = this.mini
      .search(queryTerms(q).join(' '))
      .map((r) => String(r.id))
      .filter((id) => this.entries.has(id));
    if (q.phrases.length === 0) return candidates.slice(0, limit);
    const ids: string[] = [];
    for (let i = 0; i < candidates.length && ids.length < limit; ) {
      const batch = candidates.slice(i, i + this.concurrency);
      i += batch.length;
      const checked = await mapLimit(batch, this.concurrency, async (id) => {
        const entry = this.entries.get(id);
        if (!entry) return null;
        const text = await this.readOrNull(entry.uri);
        return text !== null && matchesText(q, text) ? id : null;
      });
      for (const id of checked) if (id && ids.length < limit) ids.push(id);
    }
    return ids;
  }

  /** Snippets of these records for `query` (records without text left out). */
  async snippets(
    query: string,
    ids: readonly string[]
  ): Promise<Record<string, Snippet>> {
    const q = parseTextQuery(query);
    await this.open();
    const out: Record<string, Snippet> = {};
    await mapLimit([...ids], this.concurrency, async (id) => {
      const entry = this.entries.get(id);
      const text = entry ? await this.readOrNull(entry.uri) : null;
      if (text !== null) out[id] = snippet(q, text);
    });
    return out;
  }

  /**
   * Brings one record's entry up to date: an ok record with a text is
   * (re)indexed unless that version already is; any other record is
   * dropped. An update older than one already applied is ignored.
   *
   * @param record the record as committed
   */
  async update(record: DocumentRecord): Promise<void> {
    await this.open();
    if (this.isStale(record)) return;
    if (!indexable(record)) {
      this.applied.set(record.id, record.processedAt);
      this.drop(record.id);
      return;
    }
    const entry = this.entries.get(record.id);
    if (entry?.uri === record.text.uri && entry.stamp === record.processedAt) {
      return;
    }
    const text = await this.options.source.readText(record.text.uri);
    if (this.isStale(record)) return; // a newer version landed meanwhile
    this.applied.set(record.id, record.processedAt);
    this.put(
      record.id,
      { uri: record.text.uri, stamp: record.processedAt },
      text
    );
  }

  /** Writes the index now if it changed (no-op in memory). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty || !this.options.file) return;
    // one write at a time; a change made during a write is written next
    this.writing = this.writing.then(() => this.write());
    await this.writing;
  }

  /** Waits for loading to end, then writes what changed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.opening?.catch(() => undefined);
    await this.flush();
  }

  // ---- internals -------------------------------------------------------

  /** True when a newer version of the record was indexed or dropped. */
  private isStale(record: DocumentRecord): boolean {
    const applied = this.applied.get(record.id);
    const indexed = this.entries.get(record.id)?.stamp;
    return (
      (applied !== undefined && record.processedAt < applied) ||
      (indexed !== undefined && record.processedAt < indexed)
    );
  }

  private put(id: string, entry: Entry, text: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
    this.mini.add({ id, text });
    this.entries.set(id, entry);
    this.changed();
  }

  private drop(id: string): void {
    if (!this.entries.delete(id)) return;
    if (this.mini.has(id)) this.mini.discard(id);
    this.changed();
  }

  private changed(): void {
    this.dirty = true;
    if (!this.options.file || this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) =>
        this.log(
          `search index: could not write ${this.options.file}: ${(error as Error).message}`
        )
      );
    }, this.nextFlushDelay());
    this.timer.unref();
  }

  /** How long the last write took (serializing the whole index), ms. */
  private lastWriteMs = 0;

  /**
   * The delay before the next write: `flushDelayMs`, or 20 times the last
   * write's time when that is longer (at most a minute), so writing a
   * large index during a bulk ingest takes at most about 5% of the time
   * instead of a large share of a core; what a crash loses meanwhile is
   * re-indexed at the next start (reconciliation).
   */
  private nextFlushDelay(): number {
    return Math.min(60_000, Math.max(this.flushDelayMs, 20 * this.lastWriteMs));
  }

  private async write(): Promise<void> {
    const file = this.options.file;
    if (!this.dirty || !file) return;
    this.dirty = false;
    const data: IndexFile = {
      format: FILE_FORMAT,
      tokenizer: TOKENIZER_VERSION,
      writtenAt: new Date().toISOString(),
      entries: Object.fromEntries(this.entries),
      index: this.mini.toJSON(),
    };
    const temp = `${file}.${process.pid}.tmp`;
    const started = performance.now();
    try {
      await writeFile(temp, JSON.stringify(data));
      await rename(temp, file);
      this.lastWriteMs = performance.now() - started;
    } catch (error) {
      this.dirty = true;
      await rm(temp, { force: true });
      throw error;
    }
  }

  private async readOrNull(uri: string): Promise<string | null> {
    const cached = this.cache.get(uri);
    if (cached !== undefined) return cached;
    try {
      const text = await this.options.source.readText(uri);
      this.cache.set(uri, text);
      return text;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.log(`search index: ${uri} is gone; its hits are left out`);
      return null;
    }
  }

  /** Reads the file (or says why it cannot be used). */
  private async readFileIndex(
    file: string
  ): Promise<{ ok: true; data: IndexFile } | { ok: false; reason: string }> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { ok: false, reason: `${file} is missing` };
      }
      return {
        ok: false,
        reason: `${file} is unreadable (${(error as Error).message})`,
      };
    }
    try {
      const data = JSON.parse(raw) as IndexFile;
      if (data.format !== FILE_FORMAT || data.tokenizer !== TOKENIZER_VERSION) {
        return {
          ok: false,
          reason: `${file} was written by another version (${data.format}, tokenizer ${data.tokenizer})`,
        };
      }
      return { ok: true, data };
    } catch (error) {
      return {
        ok: false,
        reason: `${file} is unreadable (${(error as Error).message})`,
      };
    }
  }

  private async load(): Promise<OpenReport> {
    const started = Date.now();
    const file = this.options.file;
    let from: OpenReport['from'] = 'memory';
    let reason: string | null = null;
    if (file) {
      const read = await this.readFileIndex(file);
      if (read.ok) {
        try {
          this.mini = MiniSearch.loadJS<IndexedText>(
            read.data.index,
            MINISEARCH_OPTIONS
          );
          this.entries = new Map(Object.entries(read.data.entries));
          from = 'file';
        } catch (error) {
          reason = `${file} is unreadable (${(error as Error).message})`;
        }
      } else {
        reason = read.reason;
      }
      if (from !== 'file') {
        from = 'rebuilt';
        this.mini = new MiniSearch<IndexedText>(MINISEARCH_OPTIONS);
        this.entries = new Map();
        this.log(`search index: ${reason}; rebuilding it from the store`);
      }
    }
    const counts = await this.reconcile();
    const report: OpenReport = {
      from,
      reason,
      ...counts,
      documents: this.mini.documentCount,
      ms: Date.now() - started,
    };
    if (from === 'rebuilt' || counts.added + counts.updated + counts.removed) {
      this.log(
        `search index: ${from === 'rebuilt' ? 'rebuilt' : 'reconciled'} in ${report.ms} ms: ` +
          `${report.documents} document(s); ${counts.added} added, ${counts.updated} updated, ${counts.removed} removed`
      );
    }
    return report;
  }

  /** Brings the entries in line with the store's records. */
  private async reconcile(): Promise<{
    added: number;
    updated: number;
    removed: number;
  }> {
    const wanted = new Set<string>();
    let added = 0;
    let updated = 0;
    let cursor: string | null = null;
    do {
      if (this.closed) return { added, updated, removed: 0 };
      const page = await this.options.source.listRecords({
        limit: 200,
        cursor,
      });
      const todo = page.items.filter(indexable).filter((r) => {
        wanted.add(r.id);
        const entry = this.entries.get(r.id);
        return entry?.uri !== r.text.uri || entry.stamp !== r.processedAt;
      });
      await mapLimit(todo, this.concurrency, async (record) => {
        let text: string;
        try {
          text = await this.options.source.readText(record.text.uri);
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          this.log(
            `search index: ${record.id}: ${record.text.uri} is gone; not indexed`
          );
          this.drop(record.id);
          return;
        }
        // the store is the truth (updates wait until open() ends)
        if (this.entries.has(record.id)) updated += 1;
        else added += 1;
        this.put(
          record.id,
          { uri: record.text.uri, stamp: record.processedAt },
          text
        );
      });
      cursor = page.cursor;
    } while (cursor);
    let removed = 0;
    for (const id of [...this.entries.keys()]) {
      if (!wanted.has(id)) {
        this.drop(id);
        removed += 1;
      }
    }
    return { added, updated, removed };
  }
}

/**
 * The store as the ingest handler sees it, with the text index kept up to
 * date: after a committed record, the index takes it (or drops it when it
 * failed). Indexing never fails the ingest: the record is stored; a
 * failure is logged and the next start's reconciliation indexes it.
 *
 * @param store the store the handler writes to
 * @param index the runtime's text index
 * @param log where index failures are reported
 */
export function indexingStore(
  store: DocumentStore,
  index: LocalTextIndex,
  log: (line: string) => void = () => undefined
): DocumentStore {
  return {
    getState: (id) => store.getState(id),
    claimContentHash: (sha256, id) => store.claimContentHash(sha256, id),
    markSourceDeleted: (id, change) => store.markSourceDeleted(id, change),
    finishPendingCleanup: (id) => store.finishPendingCleanup(id),
    async commit(request: CommitRequest): Promise<CommitResult> {
      const result = await store.commit(request);
      if (result.committed) {
        await index.update(request.record).catch((error: unknown) => {
          log(
            `search index: could not index ${request.record.id} (${(error as Error).message}); the next start indexes it`
          );
        });
      }
      return result;
    },
  };
}
