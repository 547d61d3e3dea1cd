/**
 * End-to-end: generated pages uploaded to the embedded runtime (s3rver +
 * dynalite on a temporary data dir + the local SQS dispatcher + the ingest
 * handler) and ingested, in waves; after each wave, the I/O floor of the
 * same wave (bench/floor.ts) on the same servers. Pages per second and the
 * e2e/floor ratio are medians over waves; every ratio pairs a wave with its
 * own floor, measured in the same run.
 *
 * Also measured, for docs/COST.md: requests per page by operation, the
 * DynamoDB items and write units per page (GSI writes included), bytes
 * stored, and the handler's busy time per page (what Lambda would bill).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import pLimit from 'p-limit';
import { localS3Client } from '#local/clients.ts';
import { startRuntime } from '#local/runtime.ts';
import { type FloorResult, measureFloor } from './floor.ts';
import { DEFAULT_SEED, generatePage } from './generator/index.ts';
import { median } from './stats.ts';

export interface E2eOptions {
  pages: number;
  waves?: number;
  seed?: number;
  /** Uploads in flight (and floor requests in flight). */
  concurrency?: number;
  /** Batches the local queue hands the handler at once (Lambda concurrency). */
  handlerConcurrency?: number;
  log?: (line: string) => void;
}

export interface WaveResult {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  floor: FloorResult;
  overFloor: number;
}

export interface E2eResult {
  pages: number;
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
  /** Requests the pipeline sent, by `Service:Operation`, per page. */
  requests: Record<string, number>;
  /** DynamoDB items written (puts, updates, deletes) per page. */
  dynamoItems: number;
  /** Write units per page: ceil(item KB) per item, times (1 + GSIs holding it). */
  writeUnits: number;
  /** Bytes of the items written per page (DynamoDB's size rule, approximated). */
  itemBytes: number;
  /** Read units per page (strongly consistent: ceil(item KB / 4) per read). */
  readUnits: number;
  rawBytes: number;
  derivedBytes: number;
  /** Handler busy time per page: sum of batch durations / pages (ms). */
  handlerMs: number;
  /** Handler invocations (SQS batches) per page. */
  invocations: number;
}

const WRITE_OPS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
]);
const GSI_KEYS = ['GSI1PK', 'GSI2PK', 'GSI3PK'];

/**
 * Runs the end-to-end benchmark over `pages` generated pages.
 *
 * @param options page count, waves (default 5), seed, concurrency
 */
export async function benchE2e(options: E2eOptions): Promise<E2eResult> {
  const waves = Math.max(1, Math.min(options.waves ?? 5, options.pages));
  const seed = options.seed ?? DEFAULT_SEED;
  const concurrency = options.concurrency ?? 16;
  const log = options.log ?? (() => undefined);
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-e2e-'));
  const counters = new Counters();
  let handlerMs = 0;
  let invocations = 0;
  const runtime = await startRuntime({
    dataDir,
    reconcile: false,
    webDir: null,
    queue: {
      concurrency: options.handlerConcurrency ?? 2,
      retryDelayMs: () => 50,
    },
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
  const uploader = localS3Client({
    s3: runtime.config.s3Endpoint,
    dynamodb: runtime.config.dynamodbEndpoint,
    region: runtime.config.region,
  });
  const memory = sampleMemory();
  try {
    counters.attach(runtime.s3, runtime.dynamodb);
    const results: WaveResult[] = [];
    const limit = pLimit(concurrency);
    let e2eSeconds = 0;
    let rawBytes = 0;
    for (let w = 0; w < waves; w += 1) {
      const from = Math.floor((w * options.pages) / waves);
      const to = Math.floor(((w + 1) * options.pages) / waves);
      const bodies: Uint8Array[] = [];
      for (let i = from; i < to; i += 1) {
        bodies.push(Buffer.from(generatePage(seed, i).text, 'utf8'));
      }
      rawBytes += bodies.reduce((a, b) => a + b.length, 0);
      const itemsFile = join(dataDir, `items-${w}.jsonl`);
      const capture = createWriteStream(itemsFile);
      counters.capture = capture;
      const started = performance.now();
      await Promise.all(
        bodies.map((Body, k) =>
          limit(() =>
            uploader.send(
              new PutObjectCommand({
                Bucket: runtime.config.rawBucket,
                Key: `${runtime.config.uploadPrefix}bench/${String(from + k).padStart(7, '0')}.txt`,
                Body,
                ContentType: 'text/plain; charset=utf-8',
              })
            )
          )
        )
      );
      await runtime.dispatcher.drain();
      const seconds = (performance.now() - started) / 1000;
      e2eSeconds += seconds;
      counters.capture = null;
      await new Promise((resolve) => capture.end(resolve));
      counters.paused = true;
      const floor = await measureFloor({
        s3: uploader,
        dynamodb: runtime.dynamodb,
        bucket: runtime.config.rawBucket,
        derivedBucket: runtime.config.derivedBucket,
        prefix: `floor/${w}/`,
        table: `floor-${w}`,
        pages: bodies,
        itemsFile,
        concurrency,
      });
      counters.paused = false;
      const wave: WaveResult = {
        pages: bodies.length,
        seconds,
        pagesPerSecond: bodies.length / seconds,
        floor,
        overFloor: seconds / floor.seconds,
      };
      results.push(wave);
      log(
        `  wave ${w + 1}/${waves}: ${bodies.length} pages in ${seconds.toFixed(1)} s (${wave.pagesPerSecond.toFixed(1)} pages/s); floor ${floor.seconds.toFixed(2)} s (S3 ${floor.s3Seconds.toFixed(2)} s, DynamoDB ${floor.dynamoSeconds.toFixed(2)} s, ${floor.items} items); e2e/floor ${wave.overFloor.toFixed(2)}`
      );
    }
    const stats = runtime.dispatcher.stats;
    const listed = await runtime.store.listRecords({ limit: 1000 });
    let ok = 0;
    let failed = 0;
    let cursor: string | null = null;
    let page = listed;
    for (;;) {
      for (const r of page.items) {
        if (r.status === 'ok') ok += 1;
        else failed += 1;
      }
      cursor = page.cursor;
      if (!cursor) break;
      page = await runtime.store.listRecords({ limit: 1000, cursor });
    }
    if (stats.deadLettered > 0) {
      throw new Error(`e2e: ${stats.deadLettered} messages dead-lettered`);
    }
    const n = options.pages;
    return {
      pages: n,
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
          [...counters.requests].map(([k, v]) => [k, v / n])
        ),
        dynamoItems: counters.items / n,
        writeUnits: counters.writeUnits / n,
        itemBytes: counters.itemBytes / n,
        readUnits: counters.readUnits / n,
        rawBytes: rawBytes / n,
        derivedBytes: counters.derivedBytes / n,
        handlerMs: handlerMs / n,
        invocations: invocations / n,
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

/** Counts what the pipeline's clients send, and captures written items. */
class Counters {
  readonly requests = new Map<string, number>();
  items = 0;
  writeUnits = 0;
  itemBytes = 0;
  readUnits = 0;
  derivedBytes = 0;
  capture: WriteStream | null = null;
  paused = false;

  attach(s3: S3Client, dynamodb: DynamoDBClient): void {
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.paused) {
          this.count(`S3:${op(context.commandName)}`);
          const input = args.input as { Body?: unknown };
          if (op(context.commandName) === 'PutObject') {
            const body = input.Body;
            this.derivedBytes +=
              typeof body === 'string'
                ? Buffer.byteLength(body)
                : body instanceof Uint8Array
                  ? body.length
                  : 0;
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchS3Counter' }
    );
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const name = op(context.commandName);
        if (!this.paused) {
          this.count(`DynamoDB:${name}`);
          if (WRITE_OPS.has(name)) this.countWrite(name, args.input);
        }
        const out = await next(args);
        if (!this.paused && (name === 'GetItem' || name === 'Query')) {
          const o = out.output as {
            Item?: Record<string, AttributeValue>;
            Items?: Record<string, AttributeValue>[];
          };
          const items = o.Item ? [o.Item] : (o.Items ?? []);
          const bytes = items.reduce((a, i) => a + itemSize(i), 0);
          this.readUnits += Math.max(1, Math.ceil(bytes / 4096));
        }
        return out;
      },
      { step: 'initialize', name: 'benchDynamoCounter' }
    );
  }

  private count(key: string): void {
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  private countWrite(name: string, input: unknown): void {
    const i = input as {
      Item?: Record<string, AttributeValue>;
      RequestItems?: Record<
        string,
        { PutRequest?: { Item?: Record<string, AttributeValue> } }[]
      >;
    };
    const items: Record<string, AttributeValue>[] = [];
    if (name === 'PutItem' && i.Item) items.push(i.Item);
    if (name === 'BatchWriteItem') {
      for (const list of Object.values(i.RequestItems ?? {})) {
        for (const r of list)
          if (r.PutRequest?.Item) items.push(r.PutRequest.Item);
      }
    }
    if (name === 'UpdateItem' || name === 'DeleteItem') {
      this.items += 1;
      this.writeUnits += 1;
      return;
    }
    for (const raw of items) {
      // lib-dynamodb marshals just before the serializer, after this step
      const item = (
        typeof (raw as { PK?: unknown }).PK === 'string'
          ? marshall(raw, { removeUndefinedValues: true })
          : raw
      ) as Record<string, AttributeValue>;
      const size = itemSize(item);
      const gsis = GSI_KEYS.filter((k) => item[k] !== undefined).length;
      this.items += 1;
      this.itemBytes += size;
      this.writeUnits += Math.ceil(size / 1024) * (1 + gsis);
      this.capture?.write(`${JSON.stringify(item)}\n`);
    }
  }
}

const op = (commandName: string | undefined) =>
  (commandName ?? 'Unknown').replace(/Command$/, '');

/**
 * DynamoDB's item size: attribute names plus values (strings and binary by
 * length, numbers about 1 byte per 2 digits plus 1, maps and lists 3 bytes
 * plus 1 per element).
 */
export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name) + valueSize(value);
  }
  return size;
}

function valueSize(v: AttributeValue): number {
  const a = v as unknown as Record<string, unknown>;
  if (typeof a.S === 'string') return Buffer.byteLength(a.S);
  if (typeof a.N === 'string') return Math.ceil(a.N.length / 2) + 1;
  if (a.B instanceof Uint8Array) return a.B.length;
  if (a.BOOL !== undefined || a.NULL !== undefined) return 1;
  if (Array.isArray(a.SS)) {
    return (a.SS as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
  }
  if (Array.isArray(a.NS)) {
    return (a.NS as string[]).reduce(
      (s, x) => s + Math.ceil(x.length / 2) + 1,
      0
    );
  }
  if (Array.isArray(a.L)) {
    return (a.L as AttributeValue[]).reduce((s, x) => s + 1 + valueSize(x), 3);
  }
  if (a.M && typeof a.M === 'object') {
    return Object.entries(a.M as Record<string, AttributeValue>).reduce(
      (s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueSize(x),
      3
    );
  }
  return 0;
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
