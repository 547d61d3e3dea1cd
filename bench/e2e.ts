/**
 * End-to-end: generated pages uploaded to the embedded runtime (s3rver +
 * dynalite on a temporary data dir + the local SQS dispatcher + the ingest
 * handler) and ingested, in waves; after each wave, the I/O floor of the
 * same wave (bench/floor.ts: the same uploads, queue, concurrency and the
 * reads and conditional writes a minimal correct ingest needs) on the same
 * servers. Pages per second and the e2e/floor ratio are medians over
 * waves; every ratio pairs a wave with its own floor, measured in the same
 * run.
 *
 * Also measured, for docs/COST.md: requests per page by operation, the
 * DynamoDB items and write units per page (each GSI priced by what it
 * projects: shared/store/capacity.ts), read units, bytes stored, and the
 * handler's busy time per page (what Lambda would bill). Pages are
 * corpus-sized by default (bench/generator: about 2 KB, the corpus's page
 * sizes), since S3 bytes and DynamoDB units are priced by size.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import pLimit from 'p-limit';
import { localS3Client } from '#local/clients.ts';
import { startRuntime } from '#local/runtime.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import {
  deleteWriteUnits,
  type Item,
  itemSize,
  putWriteUnits,
  readUnits,
  type WriteUnits,
} from '#shared/store/capacity.ts';
import {
  type CapturedWrite,
  type FloorResult,
  measureFloor,
  planPages,
  type QueueOptions,
} from './floor.ts';
import {
  DEFAULT_SEED,
  generatePage,
  type PageSize,
} from './generator/index.ts';
import { median } from './stats.ts';

export { itemSize } from '#shared/store/capacity.ts';

export interface E2eOptions {
  pages: number;
  waves?: number;
  seed?: number;
  /** Uploads in flight (the pipeline's and the floor's). */
  concurrency?: number;
  /** Batches the local queue hands the handler at once (Lambda concurrency). */
  handlerConcurrency?: number;
  /** Generated page size (default `corpus`: the corpus's page sizes). */
  pageSize?: PageSize;
  /** Corpus-sized pages times this (default 1; 10 for the sensitivity). */
  pageScale?: number;
  log?: (line: string) => void;
}

export interface WaveResult {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  /** Mean records per handler invocation in this wave. */
  meanBatch: number;
  floor: FloorResult;
  overFloor: number;
}

export interface E2eResult {
  pages: number;
  pageSize: PageSize;
  pageScale: number;
  /** Uploads in flight and the queue's options (pipeline and floor). */
  uploadConcurrency: number;
  queue: QueueOptions;
  waves: WaveResult[];
  /** Median over waves. */
  pagesPerSecond: number;
  overFloor: number;
  floorPagesPerSecond: number;
  /** All pages over all e2e time (uploads overlapping ingestion). */
  overallPagesPerSecond: number;
  peakRssMb: number;
  maxRssMb: number;
  peakHeapMb: number;
  ok: number;
  failed: number;
  perPage: CostFigures;
}

export interface CostFigures {
  /** Requests the pipeline sent, by `Service:Operation`, per page (the user's upload not included). */
  requests: Record<string, number>;
  /** DynamoDB items written (puts, updates, deletes) per page. */
  dynamoItems: number;
  /** Write units per page, table and GSIs (shared/store/capacity.ts). */
  writeUnits: number;
  /** Of which in the table itself. */
  writeUnitsTable: number;
  /** Of which in GSIs (each priced by its projection). */
  writeUnitsIndexes: number;
  /** Write units per page by item kind (the item's `entity`). */
  writeUnitsByKind: Record<string, number>;
  /** Bytes of the items written per page (DynamoDB's size rule). */
  itemBytes: number;
  /** Read units per page (consistent reads a full unit, others half). */
  readUnits: number;
  /** Bytes of the uploaded page (what the user's PUT stores). */
  rawBytes: number;
  /** Bytes of derived text put per page (0 where none is written). */
  derivedBytes: number;
  /** Handler busy time per page: sum of batch durations / pages (ms). */
  handlerMs: number;
  /** Handler invocations (SQS batches) per page. */
  invocations: number;
}

/**
 * Runs the end-to-end benchmark over `pages` generated pages.
 *
 * @param options page count, waves (default 5), seed, concurrency
 */
export async function benchE2e(options: E2eOptions): Promise<E2eResult> {
  const waves = Math.max(1, Math.min(options.waves ?? 5, options.pages));
  const seed = options.seed ?? DEFAULT_SEED;
  const concurrency = options.concurrency ?? 16;
  const pageSize = options.pageSize ?? 'corpus';
  const pageScale = options.pageScale ?? 1;
  const log = options.log ?? (() => undefined);
  // the runtime's queue and the floor's: the same options
  const queue: QueueOptions = {
    concurrency: options.handlerConcurrency ?? 2,
    retryDelayMs: () => 50,
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-e2e-'));
  const counters = new Counters();
  let handlerMs = 0;
  let invocations = 0;
  const runtime = await startRuntime({
    dataDir,
    reconcile: false,
    webDir: null,
    queue,
    wrapHandler: (inner) => async (event, context) => {
      const t = performance.now();
      try {
        return await inner(event, context);
      } finally {
        handlerMs += performance.now() - t;
        invocations += 1;
      }
    },
  });
  // the embedded runtime's full-text index reads each new text back (AWS
  // has no such index): its requests are counted apart, not as ingest's
  const textIndex = runtime.textIndex;
  const update = textIndex.update.bind(textIndex);
  textIndex.update = (record) => LOCAL_INDEX.run(true, () => update(record));
  const endpoints = {
    s3: runtime.config.s3Endpoint,
    dynamodb: runtime.config.dynamodbEndpoint,
    region: runtime.config.region,
  };
  const uploader = localS3Client(endpoints);
  const memory = sampleMemory();
  try {
    counters.attach(runtime.s3, runtime.dynamodb, runtime.config.derivedBucket);
    const results: WaveResult[] = [];
    const limit = pLimit(concurrency);
    let e2eSeconds = 0;
    let rawBytes = 0;
    for (let w = 0; w < waves; w += 1) {
      const from = Math.floor((w * options.pages) / waves);
      const to = Math.floor(((w + 1) * options.pages) / waves);
      const bodies: Uint8Array[] = [];
      const keys: string[] = [];
      for (let i = from; i < to; i += 1) {
        bodies.push(
          Buffer.from(
            generatePage(seed, i, { size: pageSize, scale: pageScale }).text,
            'utf8'
          )
        );
        keys.push(
          `${runtime.config.uploadPrefix}bench/${String(i).padStart(7, '0')}.txt`
        );
      }
      rawBytes += bodies.reduce((a, b) => a + b.length, 0);
      const before = { ...runtime.dispatcher.stats };
      counters.paused = false;
      const started = performance.now();
      await Promise.all(
        bodies.map((Body, k) =>
          limit(() =>
            uploader.send(
              new PutObjectCommand({
                Bucket: runtime.config.rawBucket,
                Key: keys[k],
                Body,
                ContentType: 'text/plain; charset=utf-8',
              })
            )
          )
        )
      );
      await runtime.dispatcher.drain();
      const seconds = (performance.now() - started) / 1000;
      counters.paused = true;
      e2eSeconds += seconds;
      const after = runtime.dispatcher.stats;
      const writes = counters.digest();
      const plans = planPages(
        writes,
        counters.derivedByDoc(keys, runtime.config.rawBucket)
      );
      const floor = await measureFloor({
        endpoints,
        uploader,
        bucket: runtime.config.rawBucket,
        derivedBucket: runtime.config.derivedBucket,
        prefix: `floor/${w}/`,
        table: `floor-${w}`,
        pages: bodies,
        plans: keys.map((k) =>
          plans.get(documentIdFor(runtime.config.rawBucket, k))
        ),
        uploadConcurrency: concurrency,
        queue,
      });
      const wave: WaveResult = {
        pages: bodies.length,
        seconds,
        pagesPerSecond: bodies.length / seconds,
        meanBatch:
          (after.deliveries - before.deliveries) /
          Math.max(1, after.batches - before.batches),
        floor,
        overFloor: seconds / floor.seconds,
      };
      results.push(wave);
      log(
        `  wave ${w + 1}/${waves}: ${bodies.length} pages in ${seconds.toFixed(1)} s (${wave.pagesPerSecond.toFixed(1)} pages/s, ${wave.meanBatch.toFixed(1)} pages per batch); floor ${floor.seconds.toFixed(2)} s (${floor.items} items, ${floor.meanBatch.toFixed(1)} pages per batch); e2e/floor ${wave.overFloor.toFixed(2)}`
      );
    }
    const stats = runtime.dispatcher.stats;
    let ok = 0;
    let failed = 0;
    let cursor: string | null = null;
    do {
      const page = await runtime.store.listRecords({
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      for (const r of page.items) {
        if (r.status === 'ok') ok += 1;
        else failed += 1;
      }
      cursor = page.cursor;
    } while (cursor);
    if (stats.deadLettered > 0) {
      throw new Error(`e2e: ${stats.deadLettered} messages dead-lettered`);
    }
    const n = options.pages;
    const per = (x: number) => x / n;
    return {
      pages: n,
      pageSize,
      pageScale,
      uploadConcurrency: concurrency,
      queue,
      waves: results,
      pagesPerSecond: median(results.map((r) => r.pagesPerSecond)),
      overFloor: median(results.map((r) => r.overFloor)),
      floorPagesPerSecond: median(
        results.map((r) => r.pages / r.floor.seconds)
      ),
      overallPagesPerSecond: n / e2eSeconds,
      peakRssMb: memory.peakRss / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: memory.peakHeap / 2 ** 20,
      ok,
      failed,
      perPage: {
        requests: Object.fromEntries(
          [...counters.requests].map(([k, v]) => [k, per(v)])
        ),
        dynamoItems: per(counters.items),
        writeUnits: per(counters.writeUnitsTable + counters.writeUnitsIndexes),
        writeUnitsTable: per(counters.writeUnitsTable),
        writeUnitsIndexes: per(counters.writeUnitsIndexes),
        writeUnitsByKind: Object.fromEntries(
          [...counters.unitsByKind].map(([k, v]) => [k, per(v)])
        ),
        itemBytes: per(counters.itemBytes),
        readUnits: per(counters.readUnits),
        rawBytes: per(rawBytes),
        derivedBytes: per(counters.derivedBytes),
        handlerMs: per(handlerMs),
        invocations: per(invocations),
      },
    };
  } finally {
    memory.stop();
    uploader.destroy();
    await runtime.close();
    if (!process.env.BENCH_KEEP)
      await rm(dataDir, { recursive: true, force: true });
  }
}

/** Set while the embedded runtime's text index works (not ingest's I/O). */
const LOCAL_INDEX = new AsyncLocalStorage<boolean>();
const LOCAL_SUFFIX = ' (local text index)';

const WRITE_OPS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
const READ_OPS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);

interface Logged {
  name: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
}

/**
 * Counts what the pipeline's clients send. While a wave runs the
 * middleware only counts requests and keeps references to the DynamoDB
 * inputs and outputs; `digest` prices them after the wave (outside the
 * timing): sizes and units by shared/store/capacity.ts, each write over
 * the item it replaced when the bench saw it (a record item rewritten, a
 * delete), and the written items by document for the floor.
 */
export class Counters {
  readonly requests = new Map<string, number>();
  readonly unitsByKind = new Map<string, number>();
  items = 0;
  writeUnitsTable = 0;
  writeUnitsIndexes = 0;
  itemBytes = 0;
  readUnits = 0;
  derivedBytes = 0;
  paused = true;
  private logged: Logged[] = [];
  /** Derived-text keys put this wave, with their bytes. */
  private derived = new Map<string, number>();
  /**
   * Items written this wave that a rewrite or delete would price
   * differently (bigger than 1 KB or in a GSI), by key.
   */
  private known = new Map<string, Item>();

  attach(s3: S3Client, dynamodb: DynamoDBClient, derivedBucket: string): void {
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.paused) {
          const name = op(context.commandName);
          if (LOCAL_INDEX.getStore()) {
            this.count(`S3:${name}${LOCAL_SUFFIX}`);
            return next(args);
          }
          this.count(`S3:${name}`);
          const input = args.input as {
            Bucket?: string;
            Key?: string;
            Body?: unknown;
          };
          if (name === 'PutObject') {
            const body = input.Body;
            const bytes =
              typeof body === 'string'
                ? Buffer.byteLength(body)
                : body instanceof Uint8Array
                  ? body.length
                  : 0;
            this.derivedBytes += bytes;
            if (input.Bucket === derivedBucket && input.Key) {
              this.derived.set(input.Key, bytes);
            }
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchS3Counter' }
    );
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const name = op(context.commandName);
        if (this.paused) return next(args);
        if (LOCAL_INDEX.getStore()) {
          this.count(`DynamoDB:${name}${LOCAL_SUFFIX}`);
          return next(args);
        }
        this.count(`DynamoDB:${name}`);
        const entry: Logged = {
          name,
          input: args.input as Record<string, unknown>,
        };
        if (WRITE_OPS.has(name) || READ_OPS.has(name)) this.logged.push(entry);
        const out = await next(args);
        if (READ_OPS.has(name)) {
          entry.output = out.output as unknown as Record<string, unknown>;
        }
        return out;
      },
      { step: 'initialize', name: 'benchDynamoCounter' }
    );
  }

  /**
   * Prices what was logged since the last digest and returns the items
   * written, each with the document it was written for.
   */
  digest(): CapturedWrite[] {
    const writes: CapturedWrite[] = [];
    for (const { name, input, output } of this.logged) {
      if (READ_OPS.has(name)) this.priceRead(name, input, output ?? {});
      else this.priceWrite(name, input, writes);
    }
    this.logged = [];
    this.known.clear();
    return writes;
  }

  /**
   * The bytes of derived text put for each of the wave's documents: a key
   * naming the document's id, or the one its record item points to.
   */
  derivedByDoc(
    uploadKeys: readonly string[],
    rawBucket: string
  ): Map<string, number> {
    const out = new Map<string, number>();
    const byId = new Map<string, number>();
    for (const [key, bytes] of this.derived) {
      for (const part of key.split('/')) byId.set(part, bytes);
    }
    for (const upload of uploadKeys) {
      const id = documentIdFor(rawBucket, upload);
      const bytes = byId.get(id);
      if (bytes !== undefined) out.set(id, bytes);
    }
    for (const [id, keys] of this.derivedOfRecords) {
      const key = keys.find((k) => this.derived.has(k));
      if (key && !out.has(id)) out.set(id, this.derived.get(key) as number);
    }
    this.derived.clear();
    this.derivedOfRecords.clear();
    return out;
  }

  /** The object keys each record item names (`s3://<bucket>/<key>`). */
  private derivedOfRecords = new Map<string, string[]>();

  private count(key: string): void {
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  private priceRead(
    name: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>
  ): void {
    const consistent = input.ConsistentRead === true;
    if (name === 'BatchGetItem') {
      for (const list of Object.values(
        (output.Responses ?? {}) as Record<string, unknown[]>
      )) {
        for (const raw of list) {
          this.readUnits += readUnits([asItem(raw)], consistent);
        }
      }
      return;
    }
    const o = output as { Item?: unknown; Items?: unknown[] };
    const items = (o.Item ? [o.Item] : (o.Items ?? [])).map(asItem);
    this.readUnits += readUnits(items, consistent);
  }

  private priceWrite(
    name: string,
    input: Record<string, unknown>,
    writes: CapturedWrite[]
  ): void {
    const puts: Item[] = [];
    const deletes: Item[] = [];
    const updates: Item[] = [];
    let factor = 1;
    if (name === 'PutItem' && input.Item) puts.push(asItem(input.Item));
    if (name === 'DeleteItem' && input.Key) deletes.push(asItem(input.Key));
    if (name === 'UpdateItem' && input.Key) updates.push(asItem(input.Key));
    if (name === 'BatchWriteItem') {
      for (const list of Object.values(
        (input.RequestItems ?? {}) as Record<
          string,
          {
            PutRequest?: { Item?: unknown };
            DeleteRequest?: { Key?: unknown };
          }[]
        >
      )) {
        for (const r of list) {
          if (r.PutRequest?.Item) puts.push(asItem(r.PutRequest.Item));
          if (r.DeleteRequest?.Key) deletes.push(asItem(r.DeleteRequest.Key));
        }
      }
    }
    if (name === 'TransactWriteItems') {
      // a transaction's writes cost twice a plain write's units
      factor = 2;
      for (const t of (input.TransactItems ?? []) as {
        Put?: { Item?: unknown };
        Delete?: { Key?: unknown };
        Update?: { Key?: unknown };
        ConditionCheck?: { Key?: unknown };
      }[]) {
        if (t.Put?.Item) puts.push(asItem(t.Put.Item));
        if (t.Delete?.Key) deletes.push(asItem(t.Delete.Key));
        if (t.Update?.Key) updates.push(asItem(t.Update.Key));
        if (t.ConditionCheck?.Key) updates.push(asItem(t.ConditionCheck.Key));
      }
    }
    // the document a request wrote for: the first item that names one
    const doc = [...puts, ...deletes, ...updates].map(docOf).find(Boolean);
    for (const item of puts) {
      const key = keyOf(item);
      const units = putWriteUnits(item, this.known.get(key) ?? null);
      this.add(item, units, factor);
      this.itemBytes += itemSize(item);
      if (units.total > units.table || itemSize(item) > 1024) {
        this.known.set(key, item);
      }
      if (doc) {
        writes.push({ doc, item });
        if (item.SK?.S === 'RECORD') {
          const text = JSON.stringify(item.record ?? {});
          const keys = [...text.matchAll(/s3:\/\/[^/"]+\/([^"?]+)/g)].map(
            (m) => m[1] as string
          );
          this.derivedOfRecords.set(doc, keys);
        }
      }
    }
    for (const key of deletes) {
      const previous = this.known.get(keyOf(key)) ?? null;
      this.add(previous ?? key, deleteWriteUnits(previous), factor);
      this.known.delete(keyOf(key));
    }
    for (const key of updates) {
      // what an update leaves is not in its input: priced as the item it
      // changed when known (its index entries taken as unchanged), else 1
      const previous = this.known.get(keyOf(key)) ?? null;
      const table = previous ? putWriteUnits(previous, previous).table : 1;
      this.add(previous ?? key, { table, indexes: {}, total: table }, factor);
    }
  }

  private add(item: Item, units: WriteUnits, factor: number): void {
    const indexes = units.total - units.table;
    this.items += 1;
    this.writeUnitsTable += units.table * factor;
    this.writeUnitsIndexes += indexes * factor;
    const kind = kindOf(item);
    this.unitsByKind.set(
      kind,
      (this.unitsByKind.get(kind) ?? 0) + units.total * factor
    );
  }
}

const op = (commandName: string | undefined) =>
  (commandName ?? 'Unknown').replace(/Command$/, '');

/**
 * The marshalled form of an item as a middleware sees it: lib-dynamodb's
 * commands marshall after the `initialize` step, so their items arrive as
 * plain objects (a string `PK`); low-level commands' as AttributeValues.
 */
function asItem(raw: unknown): Item {
  const o = raw as Record<string, unknown>;
  const plain =
    typeof o.PK === 'string' ||
    Object.values(o).some(
      (v) => v === null || typeof v !== 'object' || Array.isArray(v)
    );
  return (plain ? marshall(o, { removeUndefinedValues: true }) : o) as Item;
}

const keyOf = (item: Item) => `${item.PK?.S}\n${item.SK?.S}`;

/** The document an item belongs to: its `DOC#` partition or `documentId`. */
function docOf(item: Item): string | undefined {
  const pk = item.PK?.S ?? '';
  if (pk.startsWith('DOC#')) return pk.slice(4);
  return item.documentId?.S;
}

/** An item's kind for the units table: its `entity`, else its key prefix. */
function kindOf(item: Item): string {
  const entity = (item.entity as AttributeValue | undefined)?.S;
  if (entity) return entity;
  return (item.PK?.S ?? 'unknown').split('#')[0] ?? 'unknown';
}

function sampleMemory() {
  const state = { peakRss: 0, peakHeap: 0 };
  const take = () => {
    const m = process.memoryUsage();
    state.peakRss = Math.max(state.peakRss, m.rss);
    state.peakHeap = Math.max(state.peakHeap, m.heapUsed);
  };
  take();
  const timer = setInterval(take, 100);
  timer.unref();
  return {
    get peakRss() {
      return state.peakRss;
    },
    get peakHeap() {
      return state.peakHeap;
    },
    stop() {
      take();
      clearInterval(timer);
    },
  };
}

// `tsx bench/e2e.ts [pages]` runs it alone
if (import.meta.url === `file://${process.argv[1]}`) {
  const pages = Number(process.argv[2] ?? 500);
  benchE2e({ pages, log: console.log }).then((r) =>
    console.log(JSON.stringify({ ...r, waves: undefined }, null, 1))
  );
}
