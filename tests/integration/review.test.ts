/**
 * Review and correction against real local servers (dynalite + s3rver):
 * a person corrects fields of an invented telegram; the record shown
 * (view, search, person index) is the extraction with the corrections,
 * the extraction itself is kept; reprocessing with a changed extractor
 * absorbs what it now reads by itself, a changed page turns a span into a
 * conflict that is kept and flagged; the audit trail holds both; the
 * review queue lists flagged records oldest first; corrected records
 * export as gold with their pages and score the extractor (round trip).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '#cli/commands/eval.ts';
import { writeGoldFiles } from '#cli/commands/export.ts';
import { ValidationError } from '#shared/errors/index.ts';
import { extract } from '#shared/extract/index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { ingestObject } from '#shared/pipeline/ingest-object.ts';
import { createQueryService, type QueryService } from '#shared/query/index.ts';
import type { Extraction } from '#shared/schema/record.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { type LocalStack, startLocalStack } from './helpers/local-stack.ts';

// an invented telegram: the distribution misprints Molotov, and the line
// naming the decipherer is one the extractor does not read
const PAGE = `September 3, 1951
Ciphered Telegram from Korneev to Zhukov

Ciphered Telegram No. 4417

From Vladivostok. Sent 3.9.51 14:05

Comrade Zhukov,

1. Please confirm the order of 12 trucks.

2. Send two engineers to the port.

K O R N E E V

Distribution:
Cde. Molotof - 2
Cde. Malenkov - 1
File - 1

Deciphering: Orlova

Telegram from Korneev asking Zhukov to confirm an order of trucks.

Document Information

Source
AVP RF, f. 07, op. 24, d. 31, ll. 5-6.

Record ID
900001
`;

// a second invented telegram whose distribution does not add up (5 stated,
// 2 + 1 listed): flagged for review when stored
const MISMATCH = PAGE.replace('Distribution:', 'Distribution list - 5 copies:')
  .replace('File - 1\n', '')
  .replace('Record ID\n900001', 'Record ID\n900002');

function spanOf(text: string, of: string, after = '') {
  const start = text.indexOf(of, after ? text.indexOf(after) : 0);
  if (start < 0) throw new Error(`"${of}" is not in the page`);
  return { start, end: start + of.length };
}

describe('review and correction (dynalite + s3rver)', () => {
  let stack: LocalStack;
  let h: Harness;
  let query: QueryService;
  let id: string;
  let otherId: string;
  let key: string;
  let minute = 0;
  const clock = () => new Date(Date.UTC(2026, 11, 1, 10, minute++));

  beforeAll(async () => {
    stack = await startLocalStack();
    h = createHarness(stack);
    query = createQueryService(h.store, {
      readText: (uri) => h.objects.getDerivedText(uri),
      clock,
    });
    const u = await h.upload('incoming/korneev.txt', PAGE, 'text/plain');
    key = u.key;
    await h.deliver(h.created(u));
    id = documentIdFor(stack.rawBucket, u.key);
    const m = await h.upload('incoming/mismatch.txt', MISMATCH, 'text/plain');
    await h.deliver(h.created(m));
    otherId = documentIdFor(stack.rawBucket, m.key);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('queues the record whose copies do not add up, and takes it out when a correction makes them add up', async () => {
    // Prepare
    const before = await query.reviewQueue();

    // Act: Molotov's entry has 2 copies on the page; listed as 2 + 1 = 3 of
    // 5, the missing 2 go to a recipient added by hand
    await query.correct(
      otherId,
      {
        op: 'add',
        path: 'telegram.distribution.recipients',
        value: { name: 'Vyshinsky', copies: 2 },
      },
      'archivist'
    );
    const after = await query.reviewQueue();

    // Assess
    expect(before.items.map((i) => i.id)).toEqual([otherId]);
    expect(before.counts).toEqual({ 'distribution-copies-mismatch': 1 });
    expect(before.total).toBe(1);
    expect(after).toMatchObject({ items: [], total: 0, counts: {} });
    const view = await query.getRecordView(otherId);
    expect(view.record.warnings).not.toContain('distribution-copies-mismatch');
    expect(view.reviewFlags).toEqual([]);
  });

  it('shows the corrected record in the view, search and person index; the extraction is kept', async () => {
    // Act
    const typed = await query.correct(
      id,
      {
        op: 'set',
        path: 'telegram.distribution.recipients.0.name',
        value: 'Molotov',
        note: 'the page misprints the name',
      },
      'archivist'
    );
    const spanned = await query.correct(
      id,
      {
        op: 'set',
        path: 'telegram.decipheredBy',
        value: 'Orlova',
        span: spanOf(PAGE, 'Orlova'),
      },
      'archivist'
    );
    const removed = await query.correct(
      id,
      { op: 'remove', path: 'telegram.distribution.recipients.2' },
      'archivist'
    );

    // Assess
    expect([typed, spanned, removed].map((r) => r.correction.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    const view = removed.view;
    expect(view.record.telegram?.distribution?.recipients).toEqual([
      { name: 'Molotov', copies: 2 },
      { name: 'Malenkov', copies: 1 },
    ]);
    expect(view.record.telegram?.decipheredBy).toBe('Orlova');
    expect(view.record.provenance['telegram.decipheredBy']).toEqual(
      spanOf(PAGE, 'Orlova')
    );
    expect(Object.keys(view.corrected).sort()).toEqual([
      'telegram.decipheredBy',
      'telegram.distribution.recipients',
      'telegram.distribution.recipients.0.name',
    ]);
    expect(view.corrections.map((c) => c.by)).toEqual([
      'archivist',
      'archivist',
      'archivist',
    ]);
    // search and the person index read the corrected record
    const found = await query.search({ person: 'Molotov' });
    expect(found.items.map((r) => r.id)).toEqual([id]);
    expect(found.items[0]?.telegram?.distribution?.recipients[0]?.name).toBe(
      'Molotov'
    );
    // only the other telegram, uncorrected, still names Molotof
    expect(
      (await query.search({ person: 'Molotof' })).items.map((r) => r.id)
    ).toEqual([otherId]);
    // the extraction is never rewritten
    const review = await h.store.getRecordReview(id);
    expect(
      review?.extraction.telegram?.distribution?.recipients.map((r) => r.name)
    ).toEqual(['Molotof', 'Malenkov', 'File']);
    // every correction is an audit event
    const trail = view.auditTrail.filter((e) => e.type === 'corrected');
    expect(
      trail.map((e) => (e.detail.correction as { path: string }).path)
    ).toEqual([
      'telegram.distribution.recipients.0.name',
      'telegram.decipheredBy',
      'telegram.distribution.recipients.2',
    ]);
    expect(trail.every((e) => e.agent === 'archivist')).toBe(true);
  });

  it('refuses a span that reads otherwise, naming it, and stores nothing', async () => {
    // Prepare
    const span = spanOf(PAGE, 'Malenkov');

    // Act
    const attempt = query.correct(
      id,
      {
        op: 'set',
        path: 'telegram.distribution.recipients.0.name',
        value: 'Mikoyan',
        span,
      },
      'archivist'
    );

    // Assess
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toThrow(
      `span: the text at ${span.start}-${span.end} reads 'Malenkov', not 'Mikoyan'`
    );
    expect((await h.store.getRecordReview(id))?.corrections).toHaveLength(3);
  });

  it('is idempotent under a retried request with the client id', async () => {
    // Prepare
    const input = {
      op: 'add',
      path: 'authors',
      value: 'Vasilevsky',
      id: 'retry-test-0001',
    };

    // Act
    const first = await query.correct(id, input, 'archivist');
    const again = await query.correct(id, input, 'archivist');

    // Assess
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.correction).toEqual(first.correction);
    const review = await h.store.getRecordReview(id);
    expect(
      review?.corrections.filter((c) => c.id === 'retry-test-0001')
    ).toHaveLength(1);
  });

  it('exports the corrected records as gold with their pages, and eval scores the extractor against them', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'archive-gold-'));
    try {
      // Act
      const result = await writeGoldFiles({ store: h.store, query }, dir, true);
      const gold = JSON.parse(
        await readFile(join(dir, 'gold', `${id}.json`), 'utf8')
      );
      const page = await readFile(join(dir, 'pages', `${id}.txt`), 'utf8');
      const scored = await evaluate(join(dir, 'pages'), join(dir, 'gold'));

      // Assess
      expect(result.written.sort()).toEqual([id, otherId].sort());
      expect(page).toBe(PAGE);
      expect(Object.keys(gold)).toEqual([
        'title',
        'date',
        'documentType',
        'authors',
        'recipients',
        'via',
        'participants',
        'signatories',
        'telegram',
        'letter',
        'requests',
        'summary',
        'sources',
        'warnings',
      ]);
      expect(gold.telegram.decipheredBy).toBe('Orlova');
      expect(gold.authors).toEqual(['Korneev', 'Vasilevsky']);
      // the extractor misses exactly what people corrected
      expect(scored.pages).toBe(2);
      expect(scored.tallies['telegram.decipheredBy']).toEqual({
        tp: 0,
        fp: 0,
        fn: 1,
      });
      expect(scored.tallies.authors).toEqual({ tp: 2, fp: 0, fn: 1 });
      const wrong = Object.entries(scored.tallies)
        .filter(([, t]) => t.fp + t.fn > 0)
        .map(([field]) => field)
        .sort();
      expect(wrong).toEqual([
        'authors',
        'telegram.decipheredBy',
        'telegram.distribution.recipients.copies',
        'telegram.distribution.recipients.name',
        'warnings',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('re-applies the corrections after re-extraction: a changed extractor absorbs what it now reads by itself', async () => {
    // Prepare: a "new parser" that reads the misprint as Molotov
    const fixed = (text: string): Extraction => {
      const e = extract(text);
      const first = e.telegram?.distribution?.recipients[0];
      if (first?.name === 'Molotof') first.name = 'Molotov';
      return e;
    };

    // Act
    const outcome = await ingestObject(
      { bucket: stack.rawBucket, key, eventTime: clock().toISOString() },
      { objects: h.objects, store: h.store, clock, extract: fixed },
      { force: true, reprocess: true }
    );
    const view = await query.getRecordView(id);

    // Assess
    expect(outcome).toMatchObject({
      outcome: 'stored',
      corrections: { applied: 3, absorbed: 1, conflict: 0 },
    });
    expect(view.corrections[0]).toMatchObject({
      status: 'absorbed',
      statusDetail:
        "telegram.distribution.recipients.0.name now reads 'Molotov' by itself",
    });
    // still shown as corrected where the corrections apply
    expect(view.record.telegram?.decipheredBy).toBe('Orlova');
    expect(
      view.record.telegram?.distribution?.recipients.map((r) => r.name)
    ).toEqual(['Molotov', 'Malenkov']);
    expect(
      view.corrected['telegram.distribution.recipients.0.name']
    ).toBeUndefined();
    const reapplied = view.auditTrail.filter(
      (e) => e.type === 'corrections-reapplied'
    );
    expect(reapplied.at(-1)?.detail).toMatchObject({
      applied: 3,
      absorbed: [{ path: 'telegram.distribution.recipients.0.name' }],
      conflicts: [],
    });
  });

  it('keeps a correction whose span no longer reads as its value after the page changed: a conflict, flagged for review, never dropped', async () => {
    // Prepare: the page is replaced, the decipherer's line now names another
    const changed = PAGE.replace('Deciphering: Orlova', 'Deciphering: Petrova');
    const u = await h.upload(key, changed, 'text/plain');

    // Act: the reprocess message the CLI sends, through the ingest handler
    const delivered = await h.deliver({
      type: 'reprocess',
      bucket: u.bucket,
      key: u.key,
      force: true,
    });
    const view = await query.getRecordView(id);
    const queue = await query.reviewQueue();

    // Assess
    expect(delivered.batchItemFailures).toEqual([]);
    const span = spanOf(PAGE, 'Orlova');
    const conflict = view.corrections.find(
      (c) => c.path === 'telegram.decipheredBy'
    );
    expect(conflict).toMatchObject({
      status: 'conflict',
      statusDetail: `the text at ${span.start}-${span.end} now reads 'Petrov', not 'Orlova'`,
    });
    expect(view.corrections).toHaveLength(4);
    expect(view.record.telegram?.decipheredBy).toBeNull();
    // the default extractor reads the misprint again: the correction applies
    expect(view.corrections[0]?.status).toBe('applied');
    expect(view.record.telegram?.distribution?.recipients[0]?.name).toBe(
      'Molotov'
    );
    expect(view.reviewFlags).toEqual(['correction-conflict']);
    expect(queue.items.map((i) => i.id)).toEqual([id]);
    expect(queue.counts).toEqual({ 'correction-conflict': 1 });
    // the audit trail holds the corrections and both re-applications
    const types = view.auditTrail.map((e) => e.type);
    expect(types.filter((t) => t === 'corrected')).toHaveLength(4);
    expect(types.filter((t) => t === 'corrections-reapplied')).toHaveLength(2);
  });

  it('marks a record reviewed: it leaves the queue, and the marker is shown', async () => {
    // Act
    const { reviewed } = await query.markReviewed(
      id,
      { note: 'the decipherer was re-read' },
      'archivist'
    );
    const queue = await query.reviewQueue();
    const view = await query.getRecordView(id);

    // Assess
    expect(reviewed).toMatchObject({
      by: 'archivist',
      note: 'the decipherer was re-read',
      flags: ['correction-conflict'],
    });
    expect(queue.total).toBe(0);
    expect(view.reviewed).toEqual(reviewed);
    expect(
      view.auditTrail.filter((e) => e.type === 'reviewed').map((e) => e.detail)
    ).toEqual([
      { note: 'the decipherer was re-read', flags: ['correction-conflict'] },
    ]);
  });
});
