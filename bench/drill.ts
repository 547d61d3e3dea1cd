/**
 * The fault drill: N generated pages (a quarter of them saved as HTML
 * pages, so their decoded text is written to the derived bucket; plus 1%
 * poison files and some overwrites) uploaded to the embedded runtime while
 * - 10% of S3 reads, derived-text writes, DynamoDB item reads (the record
 *   state read at the start of ingest among them) and DynamoDB writes fail
 *   (throttling, 5xx) or time out after being applied (bench/faults.ts),
 *   inside the SDK's retries;
 * - every event is delivered twice, the copy later (out of order with
 *   newer events), and batches arrive in reverse order;
 * - the ingest "process" is killed at random points: its clients fail every
 *   call from that instant, its runtime is closed without finishing its
 *   queue (an in-memory queue dies with its process) and a new runtime
 *   starts on the same data dir (start-up reconciliation re-enqueues).
 * Then it checks, from the table and the bucket themselves: every object
 * has exactly one record (ok, or failed with the poison's reason), of its
 * current bytes; no stray or duplicate index items; nothing in the dead-
 * letter store; every injected fault recovered; every record's audit trail
 * complete; every page's record equal to the one it was generated with;
 * and every ok record's text readable where the record points (the derived
 * copy of an HTML page, or the object itself).
 *
 * `npm run drill [-- --pages N --fuzz N]` runs it at 10,000 pages, then the
 * fuzz run (bench/fuzz.ts); exit 1 on any loss, duplicate or failed check.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import pLimit from 'p-limit';
import { makeHandler } from '#functions/ingest/make-handler.ts';
import { localDynamoClient, localS3Client } from '#local/clients.ts';
import type { SqsHandler } from '#local/dispatcher.ts';
import {
  type LocalRuntime,
  listAllObjects,
  startRuntime,
} from '#local/runtime.ts';
import { scoreRecord } from '#shared/eval/score.ts';
import { readRecordText, textIsSource } from '#shared/pipeline/derived-text.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { DocumentRecord, FailureReason } from '#shared/schema/record.ts';
import { S3ObjectSource } from '#shared/sources/s3-source.ts';
import { trailOf } from '#shared/store/audit-trail.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import type { RecordItem } from '#shared/store/items.ts';
import { decodeRecordItem } from '#shared/store/record-codec.ts';
import {
  type FaultCounts,
  type FaultPlan,
  injectFaults,
  type Life,
  newCounts,
} from './faults.ts';
import { formatFuzz, runFuzz } from './fuzz.ts';
import { DEFAULT_SEED, generatePage } from './generator/index.ts';
import { Rng } from './generator/random.ts';

export interface DrillOptions {
  pages: number;
  seed?: number;
  /** Share of S3 reads and DynamoDB writes that fail (default 0.1). */
  faultRate?: number;
  /** Share of objects that are poison (default 0.01). */
  poisonRate?: number;
  /** Share of pages uploaded twice with other bytes (default 0.01). */
  overwriteRate?: number;
  /**
   * Share of pages saved as HTML pages (default 0.25): their text is
   * decoded from markup, so ingest writes it to the derived bucket (plain
   * UTF-8 text needs no derived copy).
   */
  htmlShare?: number;
  /** Kills of the ingest process (default: one per 1,000 pages, at least 2). */
  kills?: number;
  /** Size limit of the handler; over-limit poison is just above it. */
  maxBytes?: number;
  log?: (line: string) => void;
}

type Poison = 'binary' | 'empty' | 'too-large';
const POISON_REASONS: Record<Poison, FailureReason[]> = {
  binary: ['unsupported-format'],
  empty: ['empty'],
  'too-large': ['too-large'],
};

interface Planned {
  key: string;
  format: 'text' | 'html' | 'poison';
  /** Generated page index, or the poison kind. */
  page: number | null;
  poison: Poison | null;
  body: Uint8Array;
  /** A second upload under the same key (other bytes), after the first. */
  overwrite: Uint8Array | null;
}

export interface DrillReport {
  passed: boolean;
  /** The first 20 problems of each kind. */
  problems: string[];
  /** How many problems of each kind (lost, audit-trail, index-item...). */
  problemCounts: Record<string, number>;
  pages: number;
  objects: number;
  /** Pages uploaded as HTML (derived text written for each). */
  htmlPages: number;
  poison: number;
  overwrites: number;
  kills: number;
  seconds: number;
  faults: FaultCounts;
  deliveries: number;
  duplicatesSent: number;
  reconciled: number;
  /** s3rver 500s on the drill's own uploads, retried by the uploader. */
  uploadRetries: number;
  records: { ok: number; failed: number };
  indexItems: number;
  auditEvents: number;
  /** Field F1 of the ok records against the generated pages' records. */
  pageF1: number;
}

/**
 * Runs the drill and returns what it found (never throws for a failed
 * check: `passed` is false and `problems` says what and where).
 */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => undefined);
  const rng = new Rng(seed ^ 0x5eed);
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const plan = buildPlan(options, seed, rng, maxBytes);
  const kills = options.kills ?? Math.max(2, Math.round(options.pages / 1000));
  const faults: FaultPlan = {
    rate: options.faultRate ?? 0.1,
    timeoutShare: 0.25,
    rng,
    counts: newCounts(),
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'drill-'));
  const started = performance.now();
  let duplicatesSent = 0;
  let deliveries = 0;
  let reconciled = 0;
  let pendingCopies = 0;
  let uploadRetries = 0;
  const copied = new Set<string>();

  /** One "ingest process": a runtime plus a handler with faulty clients. */
  const startProcess = async () => {
    const life: Life = { killed: false };
    let inner: SqsHandler | null = null;
    let runtime: LocalRuntime | null = null;
    const handler: SqsHandler = async (event, context) => {
      while (!inner) await sleep(5);
      deliveries += event.Records.length;
      // batches arrive in reverse order; every message is also sent again
      // later (out of order with newer events), once
      const records = [...event.Records].reverse();
      for (const r of records) {
        // once per event (a copy is a new message with the same body)
        if (copied.has(r.body)) continue;
        copied.add(r.body);
        const owner = runtime;
        pendingCopies += 1;
        setTimeout(
          () => {
            pendingCopies -= 1;
            if (life.killed || !owner) return;
            try {
              owner.dispatcher.enqueue(r.body);
              duplicatesSent += 1;
            } catch {
              // the queue closed with its process: the copy dies with it
            }
          },
          rng.int(50, 1500)
        );
      }
      const out = (await inner({ Records: records }, context)) as
        | SQSBatchResponse
        | undefined;
      // a killed process never reports back; its queue is gone with it
      return life.killed ? { batchItemFailures: [] } : out;
    };
    runtime = await startRuntime({
      dataDir,
      httpPort: 0,
      webDir: null,
      handler,
      queue: { retryDelayMs: (n) => 20 * n, concurrency: 2 },
    });
    reconciled += runtime.reconciled.length;
    const endpoints = {
      s3: runtime.config.s3Endpoint,
      dynamodb: runtime.config.dynamodbEndpoint,
      region: runtime.config.region,
    };
    const s3 = localS3Client(endpoints);
    const dynamodb = localDynamoClient(endpoints);
    injectFaults(s3, 'S3', faults, life);
    injectFaults(dynamodb, 'DynamoDB', faults, life);
    inner = makeHandler({
      objects: new S3ObjectSource(s3, {
        derivedBucket: runtime.config.derivedBucket,
        derivedPrefix: runtime.config.derivedPrefix,
      }),
      store: new DynamoDocumentStore(
        createDocumentClient(dynamodb),
        runtime.config.tableName
      ),
      limits: { maxBytes },
      logger: new Logger({ logLevel: 'SILENT' }),
      agent: 'ingest-drill',
    });
    const rt = runtime;
    return {
      runtime: rt,
      kill: async () => {
        life.killed = true;
        await rt.close();
        s3.destroy();
        dynamodb.destroy();
      },
      stop: async () => {
        await rt.close();
        s3.destroy();
        dynamodb.destroy();
      },
    };
  };

  let proc = await startProcess();
  try {
    // upload in chunks; after the chunks that carry a kill, kill the
    // process at a random moment and start a new one on the same data
    const chunks = Math.max(kills + 1, 10);
    const killAfter = new Set(
      rng.sample(
        Array.from({ length: chunks - 1 }, (_, i) => i),
        Math.min(kills, chunks - 1)
      )
    );
    let killCount = 0;
    for (let c = 0; c < chunks; c += 1) {
      const part = plan.slice(
        Math.floor((c * plan.length) / chunks),
        Math.floor(((c + 1) * plan.length) / chunks)
      );
      const uploader = localS3Client({
        s3: proc.runtime.config.s3Endpoint,
        dynamodb: proc.runtime.config.dynamodbEndpoint,
        region: proc.runtime.config.region,
      });
      // the user's uploader is not under test: it retries s3rver's own
      // occasional 500s as an upload tool would
      uploader.middlewareStack.add(
        (next) => async (args) => {
          for (let attempt = 1; ; attempt += 1) {
            try {
              return await next(args);
            } catch (error) {
              if (attempt >= 10) throw error;
              uploadRetries += 1;
              await sleep(50 * attempt);
            }
          }
        },
        { step: 'finalizeRequest', name: 'drillUploadRetry' }
      );
      const limit = pLimit(8);
      const bucket = proc.runtime.config.rawBucket;
      await Promise.all(
        part.map((p) =>
          limit(() =>
            uploader.send(
              new PutObjectCommand({ Bucket: bucket, Key: p.key, Body: p.body })
            )
          )
        )
      );
      for (const p of part) {
        if (p.overwrite) {
          await uploader.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: p.key,
              Body: p.overwrite,
            })
          );
        }
      }
      uploader.destroy();
      if (killAfter.has(c)) {
        await sleep(rng.int(100, 2500));
        await proc.kill();
        killCount += 1;
        log(
          `  killed the ingest process (${killCount}/${killAfter.size}) after chunk ${c + 1}/${chunks}; restarting`
        );
        proc = await startProcess();
        log(
          `  restarted: reconciliation enqueued ${proc.runtime.reconciled.length} objects`
        );
      } else {
        log(`  chunk ${c + 1}/${chunks} uploaded (${part.length} objects)`);
      }
    }
    // let everything settle: queue, retries and the late copies
    for (;;) {
      await proc.runtime.dispatcher.drain();
      if (pendingCopies === 0 && proc.runtime.dispatcher.idle) break;
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    log(`  settled after ${seconds.toFixed(1)} s; verifying`);
    const verdict = await verify(proc.runtime, plan, seed);
    return {
      passed: verdict.problems.length === 0,
      problems: verdict.problems,
      problemCounts: verdict.problemCounts,
      pages: options.pages,
      objects: plan.length,
      htmlPages: plan.filter((p) => p.format === 'html').length,
      poison: plan.filter((p) => p.poison).length,
      overwrites: plan.filter((p) => p.overwrite).length,
      kills: killCount,
      seconds,
      faults: faults.counts,
      deliveries,
      duplicatesSent,
      reconciled,
      uploadRetries,
      records: verdict.records,
      indexItems: verdict.indexItems,
      auditEvents: verdict.auditEvents,
      pageF1: verdict.pageF1,
    };
  } finally {
    await proc.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

function buildPlan(
  options: DrillOptions,
  seed: number,
  rng: Rng,
  maxBytes: number
): Planned[] {
  const poisonRate = options.poisonRate ?? 0.01;
  const overwriteRate = options.overwriteRate ?? 0.01;
  const htmlShare = options.htmlShare ?? 0.25;
  const poisonCount = Math.max(3, Math.round(options.pages * poisonRate));
  const plan: Planned[] = [];
  for (let i = 0; i < options.pages; i += 1) {
    const page = generatePage(seed, i);
    const html = rng.chance(htmlShare);
    const bytes = (text: string) =>
      Buffer.from(html ? htmlPage(text, page.layout) : text, 'utf8');
    const overwrite = rng.chance(overwriteRate)
      ? bytes(generatePage(seed + 1, i).text)
      : null;
    plan.push({
      key: `incoming/drill/${String(i).padStart(6, '0')} ${page.layout}.${html ? 'html' : 'txt'}`,
      format: html ? 'html' : 'text',
      page: i,
      poison: null,
      body: bytes(page.text),
      overwrite,
    });
  }
  const kinds: Poison[] = ['binary', 'empty', 'too-large'];
  for (let i = 0; i < poisonCount; i += 1) {
    const kind = kinds[i % kinds.length] as Poison;
    const body =
      kind === 'empty'
        ? new Uint8Array(0)
        : kind === 'binary'
          ? binary(rng, rng.int(64, 4096))
          : Buffer.alloc(maxBytes + 1 + rng.int(0, 1000), 'x');
    const ext = kind === 'binary' ? 'bin' : 'txt';
    // spliced in at random places of the upload order
    plan.splice(rng.int(0, plan.length), 0, {
      key: `incoming/drill/poison-${kind}-${i}.${ext}`,
      format: 'poison',
      page: null,
      poison: kind,
      body,
      overwrite: null,
    });
  }
  return plan;
}

/**
 * A page as the archive's website saves it: site chrome (header, menu,
 * footer) around a `<main>` whose paragraphs hold the page's lines, joined
 * by `<br>`. Decoding keeps the main region only, so it yields the page's
 * record (the drill checks that too).
 */
export function htmlPage(text: string, title: string): string {
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(esc).join('<br>\n')}</p>`)
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)} | Digital Archive</title></head>`,
    '<body><header><a href="/">Digital Archive</a></header>',
    '<nav class="site-menu"><a href="/search">Search</a> <a href="/collections">Collections</a></nav>',
    `<main>\n${paragraphs}\n</main>`,
    '<footer>Terms of use</footer></body></html>',
    '',
  ].join('\n');
}

/** Random bytes that start like no text (a NUL and high bytes early). */
function binary(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) b[i] = rng.int(0, 255);
  b[0] = 0;
  b[1] = 0xff;
  return b;
}

interface Verdict {
  problems: string[];
  problemCounts: Record<string, number>;
  records: { ok: number; failed: number };
  indexItems: number;
  auditEvents: number;
  pageF1: number;
}

const OK_STEPS = [
  'received',
  'fixity',
  'decoded',
  'extracted',
  'validated',
  'stored',
];

/** Checks the end state against the plan, from the table and bucket. */
async function verify(
  runtime: LocalRuntime,
  plan: Planned[],
  seed: number
): Promise<Verdict> {
  // every problem is counted by kind; the first examples of each are kept
  const problems: string[] = [];
  const counts = new Map<string, number>();
  const problem = (s: string) => {
    const kind = problemKind(s);
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= 20) problems.push(s);
  };
  const { rawBucket } = runtime.config;
  const db = createDocumentClient(runtime.dynamodb);

  // the whole table, by entity; each document's partition kept for its
  // trail, read as the store reads it (record item's run, trail and event
  // items: shared/store/audit-trail.ts)
  const records = new Map<string, RecordItem>();
  const persons: Record<string, unknown>[] = [];
  const partitions = new Map<string, Record<string, unknown>[]>();
  const keep = (id: string, item: Record<string, unknown>) => {
    const list = partitions.get(id) ?? [];
    list.push(item);
    partitions.set(id, list);
  };
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: runtime.config.tableName,
        ExclusiveStartKey: start,
      })
    );
    for (const item of out.Items ?? []) {
      const entity = item.entity as string | undefined;
      const id = item.documentId as string;
      if (entity === 'record') {
        if (records.has(id)) problem(`two record items for ${id}`);
        records.set(id, decodeRecordItem(item));
        keep(id, item);
      } else if (entity === 'person' || entity === 'review') {
        // index items a record owns: person entries and its review-queue entry
        persons.push(item);
      } else if (entity === 'event' || entity === 'trail') {
        keep(id, item);
      }
    }
    start = out.LastEvaluatedKey;
  } while (start);
  const events = new Map(
    [...partitions].map(([id, items]) => [id, trailOf(items)] as const)
  );

  // every object: exactly one record, of its current bytes
  const objects = await listAllObjects(
    runtime.s3,
    rawBucket,
    runtime.config.uploadPrefix
  );
  const objectIds = new Set<string>();
  if (objects.length !== plan.length) {
    problem(`bucket holds ${objects.length} objects, ${plan.length} uploaded`);
  }
  const byKey = new Map(plan.map((p) => [p.key, p]));
  const texts = new S3ObjectSource(runtime.s3, {
    derivedBucket: runtime.config.derivedBucket,
    derivedPrefix: runtime.config.derivedPrefix,
  });
  const tally = { tp: 0, fp: 0, fn: 0 };
  let ok = 0;
  let failed = 0;
  for (const o of objects) {
    const id = documentIdFor(rawBucket, o.key);
    objectIds.add(id);
    const p = byKey.get(o.key);
    const item = records.get(id);
    if (!p) {
      problem(`unexpected object ${o.key}`);
      continue;
    }
    if (!item) {
      problem(`LOST: no record for ${o.key}`);
      continue;
    }
    const record = item.record;
    if (record.status === 'ok') ok += 1;
    else failed += 1;
    const current = p.overwrite ?? p.body;
    const sha = createHash('sha256').update(current).digest('hex');
    if (record.source.sha256 !== sha) {
      problem(
        `${o.key}: record made from other bytes than the object's current ones`
      );
    }
    if (p.poison) {
      const reasons = POISON_REASONS[p.poison];
      if (record.status !== 'failed' || !record.failure) {
        problem(
          `${o.key} (${p.poison}): expected a failure record, got ${record.status}`
        );
      } else if (!reasons.includes(record.failure.reason)) {
        problem(
          `${o.key} (${p.poison}): failure reason ${record.failure.reason}, expected ${reasons.join('/')}`
        );
      } else if (!record.failure.message) {
        problem(`${o.key}: failure without a message`);
      }
    } else if (record.status !== 'ok') {
      problem(
        `${o.key}: page failed (${record.failure?.reason}: ${record.failure?.message})`
      );
    } else if (p.page !== null) {
      const expected = generatePage(
        p.overwrite ? seed + 1 : seed,
        p.page
      ).expected;
      const t = scoreRecord(
        expected,
        record as unknown as Record<string, unknown>
      );
      for (const v of Object.values(t)) {
        tally.tp += v.tp;
        tally.fp += v.fp;
        tally.fn += v.fn;
      }
      if (Object.values(t).some((v) => v.fp > 0 || v.fn > 0)) {
        problem(`${o.key}: record differs from the page's expected record`);
      }
    }
    // the record's text: readable where the record points, and whole
    if (record.status === 'ok') {
      await checkText(record, p, texts, problem);
    }
    // the audit trail: a complete run that ends as the record did
    const trail = events.get(id) ?? [];
    const runs = new Map<string, Set<string>>();
    for (const e of trail) {
      const steps = runs.get(e.runId) ?? new Set();
      steps.add(e.type);
      runs.set(e.runId, steps);
    }
    const needed =
      record.status === 'ok' ? OK_STEPS : ['received', 'fixity', 'failed'];
    const complete = [...runs.values()].some((steps) =>
      needed.every((s) => steps.has(s))
    );
    if (!complete) {
      problem(
        `${o.key}: audit trail incomplete (${record.status}; runs: ${[...runs.values()].map((s) => [...s].join(',')).join(' | ') || 'none'})`
      );
    }
  }
  for (const id of records.keys()) {
    if (!objectIds.has(id))
      problem(`record ${id} has no object (duplicate or stray)`);
  }

  // index items: each owned by its record, none stray, none twice
  const seen = new Set<string>();
  for (const item of persons) {
    const key = `${item.PK}\n${item.SK}`;
    if (seen.has(key)) problem(`duplicate index item ${key}`);
    seen.add(key);
    const owner = records.get(item.documentId as string);
    const owned = owner?.ownedKeys ?? [];
    if (!owned.some((k) => k.PK === item.PK && k.SK === item.SK)) {
      problem(
        `stray index item ${String(item.PK)} / ${String(item.SK)} (not owned by its record)`
      );
    }
  }
  for (const [id, item] of records) {
    for (const k of item.ownedKeys) {
      if (!seen.has(`${k.PK}\n${k.SK}`))
        problem(`record ${id} misses index item ${k.PK} / ${k.SK}`);
    }
    if (item.pendingCleanup?.length)
      problem(`record ${id} still has pending clean-up`);
  }

  // dead letters: a transient fault that was not recovered ends there
  const dead = await runtime.dispatcher.failures();
  for (const d of dead)
    problem(`dead letter: ${d.key ?? d.messageId} (${d.lastError})`);

  const f1 = (2 * tally.tp) / (2 * tally.tp + tally.fp + tally.fn || 1);
  return {
    problems,
    problemCounts: Object.fromEntries(counts),
    records: { ok, failed },
    indexItems: persons.length,
    auditEvents: [...events.values()].reduce((a, l) => a + l.length, 0),
    pageF1: f1,
  };
}

/**
 * Reads an ok record's text where the record points (through the query
 * side's route, `readRecordText`): an HTML page's must be a derived copy
 * (decoding changed its bytes), and the text must be as long as the record
 * says and start with its excerpt. A lost derived-text write shows here.
 */
async function checkText(
  record: DocumentRecord,
  p: Planned,
  texts: S3ObjectSource,
  problem: (s: string) => void
): Promise<void> {
  if (!record.text?.uri) {
    problem(`${p.key}: TEXT: ok record without a text URI`);
    return;
  }
  if (p.format === 'html' && textIsSource(record)) {
    problem(`${p.key}: TEXT: an HTML page's text points at its source`);
  }
  let text: string;
  try {
    text = await readRecordText(record, (uri) => texts.getDerivedText(uri));
  } catch (error) {
    problem(
      `${p.key}: TEXT: unreadable at ${record.text.uri} (${(error as Error).message})`
    );
    return;
  }
  if (
    text.length !== record.text.length ||
    !text.startsWith(record.text.excerpt)
  ) {
    problem(
      `${p.key}: TEXT: ${record.text.uri} holds ${text.length} characters, the record says ${record.text.length}`
    );
  }
}

/** The kind of a problem line, for counting (lost, duplicate, audit...). */
function problemKind(line: string): string {
  if (line.startsWith('LOST')) return 'lost';
  if (/two record items|no object|unexpected object|bucket holds/.test(line)) {
    return 'duplicate-or-stray-record';
  }
  if (/: TEXT: /.test(line)) return 'text';
  if (/index item/.test(line)) return 'index-item';
  if (/pending clean-up/.test(line)) return 'pending-cleanup';
  if (/audit trail/.test(line)) return 'audit-trail';
  if (/dead letter/.test(line)) return 'dead-letter';
  if (/other bytes/.test(line)) return 'stale-bytes';
  if (/poison|failure reason|failure record|failure without/.test(line)) {
    return 'poison';
  }
  if (/page failed/.test(line)) return 'page-failed';
  if (/differs from/.test(line)) return 'wrong-record';
  return 'other';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Prints a report as lines. */
export function formatDrill(r: DrillReport): string {
  const f = r.faults;
  return [
    `drill: ${r.passed ? 'PASSED' : 'FAILED'} in ${r.seconds.toFixed(1)} s`,
    `  objects ${r.objects} (${r.pages} pages, ${r.htmlPages} of them HTML, ${r.poison} poison, ${r.overwrites} overwritten)`,
    `  records ok ${r.records.ok}, failed ${r.records.failed}; index items ${r.indexItems}; audit events ${r.auditEvents}`,
    `  faults injected: throttle ${f.injected.throttle}, 5xx ${f.injected['5xx']}, timeout-after-apply ${f.injected.timeout} over ${f.calls} calls (${JSON.stringify(f.byOperation)})`,
    '  faults by target (throttle / 5xx / timeout-after-apply):',
    ...Object.entries(f.byTarget).map(
      ([target, k]) =>
        `    ${target.padEnd(19)} ${k.throttle} / ${k['5xx']} / ${k.timeout}`
    ),
    `  kills ${r.kills} (calls cut by a kill: ${f.killed}); reconciled on restart ${r.reconciled}; deliveries ${r.deliveries}, copies sent ${r.duplicatesSent}; upload retries (s3rver 500s) ${r.uploadRetries}`,
    `  page records vs generated: F1 ${r.pageF1.toFixed(4)}`,
    `  problems by kind: ${JSON.stringify(r.problemCounts)}`,
    ...r.problems.map((p) => `  PROBLEM: ${p}`),
  ].join('\n');
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(
      `--${name} must be a non-negative integer, got "${process.argv[i + 1]}"`
    );
  }
  return v;
}

// `npm run drill [-- --pages N --fuzz N]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const pages = flag('pages', 10_000);
  process.stdout.write(`fault drill over ${pages} pages\n`);
  const report = await runDrill({
    pages,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${formatDrill(report)}\n`);
  const inputs = flag('fuzz', 100_000);
  process.stdout.write(`fuzzing decode + extract with ${inputs} inputs\n`);
  const fuzz = await runFuzz({ inputs });
  process.stdout.write(`${formatFuzz(fuzz)}\n`);
  process.exitCode = report.passed && fuzz.problems.length === 0 ? 0 : 1;
}
