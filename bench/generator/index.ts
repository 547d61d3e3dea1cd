/**
 * Seeded page generator: realistic archive pages in the layouts the
 * extractor knows (docs/EXTRACTION.md), each with the record it should
 * yield. The same seed and index always give the same page, so benchmarks,
 * the fault drill and the tests can make thousands of distinct pages
 * without storing them.
 *
 * Layouts: ciphered telegrams with a header (number, sent/received/arrived/
 * deciphered lines, distribution list, closing number and typist), the same
 * cut off before the archive's tail (truncated), letters with a salutation,
 * numbered requests with quantities and a signature, and records of
 * conversation. Every page ends (unless truncated) with the archive's
 * summary, a citation, rights text and the record id furniture.
 */
import { emptyExtraction } from '#shared/extract/index.ts';
import { type Extraction, SCORED_FIELDS } from '#shared/schema/record.ts';
import { Rng } from './random.ts';
import {
  ARCHIVES,
  CLERKS,
  CLOSINGS,
  CORPUS_PAGE_BYTES,
  DEAR,
  DESTINATIONS,
  DISTRIBUTEES,
  MONTHS,
  PRINCIPALS,
  RECEIVED_IN,
  REQUEST_LEADS,
  REQUEST_VERBS,
  RIGHTS,
  SENTENCES,
  SUMMARY_ENDS,
  SUMMARY_VERBS,
  TOPICS,
  TYPISTS,
  UNITS,
} from './vocabulary.ts';

/** The scored fields of a record (RECORD.md), what the page should yield. */
export type ExpectedRecord = Pick<Extraction, (typeof SCORED_FIELDS)[number]>;

export const LAYOUTS = [
  'telegram',
  'telegram-truncated',
  'letter',
  'conversation',
] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface GeneratedPage {
  /** File name: `gen-<seed>-<index>.txt`. */
  name: string;
  layout: Layout;
  text: string;
  expected: ExpectedRecord;
}

export const DEFAULT_SEED = 20_240_601;

/**
 * Page sizes: `compact` (the default: about 1.2 KB, the layouts' own
 * parts) or `corpus` (each page grown by more prose paragraphs towards a
 * size drawn from the corpus's page sizes, CORPUS_PAGE_BYTES: about 2 KB
 * on average), for figures priced by the byte (docs/COST.md).
 */
export type PageSize = 'compact' | 'corpus';

export interface GenerateOptions {
  size?: PageSize;
  /**
   * Corpus-sized pages only: multiplies the drawn size (10: pages ten
   * times the corpus's, for the cost's sensitivity line).
   */
  scale?: number;
}

/**
 * The page at `index` of the sequence for `seed`. Independent of other
 * indexes, so a run can make any slice of a large set. A corpus-sized page
 * is the compact page of the same seed and index with more prose
 * paragraphs after its own (the record it should yield is the same).
 *
 * @example
 * const { text, expected } = generatePage(1, 42);
 * scoreRecord(expected, extract(text));
 */
export function generatePage(
  seed: number,
  index: number,
  options: GenerateOptions = {}
): GeneratedPage {
  const compact = buildPage(seed, index, []);
  if (options.size !== 'corpus') return compact;
  const extra = paddingProse(
    new Rng(mix(seed ^ SIZE_SALT, index)),
    Buffer.byteLength(compact.text),
    options.scale ?? 1
  );
  return extra.length === 0 ? compact : buildPage(seed, index, extra);
}

/** Keeps the size draws apart from the page's own random stream. */
const SIZE_SALT = 0x5a17e;

/**
 * Prose paragraphs that bring a page of `bytes` to a size drawn from the
 * corpus's distribution, times `scale` (a page already as large gets none). Each added
 * paragraph is `text` plus a blank line (2 bytes); the last sentence is
 * kept only when it brings the page nearer the target.
 */
function paddingProse(rng: Rng, bytes: number, scale: number): string[] {
  const target = corpusPageBytes(rng.next()) * scale;
  const paragraphs: string[] = [];
  let size = bytes;
  let current: string[] = [];
  const close = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  // a shuffled deck, so sentences do not repeat until all are used
  let deck: string[] = [];
  while (size < target) {
    if (deck.length === 0) deck = rng.sample(SENTENCES, SENTENCES.length);
    const sentence = deck.pop() as string;
    // a new paragraph costs its blank line; a sentence in one, its space
    const cost = Buffer.byteLength(sentence) + (current.length === 0 ? 2 : 1);
    if (size + cost - target > target - size) break;
    current.push(sentence);
    size += cost;
    if (current.length >= rng.int(1, 3)) close();
  }
  close();
  return paragraphs;
}

/** The page size at quantile `u` (0..1) of the corpus's page sizes. */
export function corpusPageBytes(u: number): number {
  const steps = CORPUS_PAGE_BYTES.length - 1;
  const x = Math.min(Math.max(u, 0), 1) * steps;
  const lo = Math.floor(x);
  const a = CORPUS_PAGE_BYTES[lo] ?? 0;
  const b = CORPUS_PAGE_BYTES[Math.min(lo + 1, steps)] ?? a;
  return Math.round(a + (b - a) * (x - lo));
}

function buildPage(
  seed: number,
  index: number,
  extra: readonly string[]
): GeneratedPage {
  const rng = new Rng(mix(seed, index));
  const roll = rng.next();
  const layout: Layout =
    roll < 0.45
      ? 'telegram'
      : roll < 0.6
        ? 'telegram-truncated'
        : roll < 0.85
          ? 'letter'
          : 'conversation';
  const page =
    layout === 'letter'
      ? letterPage(rng, extra)
      : layout === 'conversation'
        ? conversationPage(rng, extra)
        : telegramPage(rng, layout === 'telegram-truncated', extra);
  return {
    name: `gen-${seed}-${String(index).padStart(6, '0')}.txt`,
    layout,
    ...page,
  };
}

/** `count` pages from `start` (a lazy sequence: nothing is kept). */
export function* generatePages(
  seed: number,
  count: number,
  start = 0,
  options: GenerateOptions = {}
): Generator<GeneratedPage> {
  for (let i = start; i < start + count; i += 1) {
    yield generatePage(seed, i, options);
  }
}

// ---- layouts ---------------------------------------------------------

interface Built {
  text: string;
  expected: ExpectedRecord;
}

function emptyExpected(): ExpectedRecord {
  const empty = emptyExtraction();
  return Object.fromEntries(
    SCORED_FIELDS.map((field) => [field, empty[field]])
  ) as ExpectedRecord;
}

function telegramPage(
  rng: Rng,
  truncated: boolean,
  extra: readonly string[]
): Built {
  const e = emptyExpected();
  const [author, recipient, via] = rng.sample(PRINCIPALS, 3) as [
    string,
    string,
    string,
  ];
  const useVia = rng.chance(0.25);
  const date = randomDate(rng);
  const number = telegramNumber(rng);
  const titleForm = rng.int(0, 1);
  const title =
    titleForm === 0
      ? `Ciphered Telegram No. ${number}, ${author} to ${recipient}`
      : `Telegram from ${author} to ${recipient}${useVia ? ` (via ${via})` : ''}`;
  e.title = title;
  e.date = isoDay(date);
  e.documentType = 'telegram';
  e.authors = [author];
  e.recipients = [recipient];
  e.via = titleForm === 1 && useVia ? [via] : [];

  const us = rng.chance(0.5);
  const sent = addMinutes(date, rng.int(5 * 60, 20 * 60));
  const received = addMinutes(sent, rng.int(40, 9 * 60));
  const arrived = addMinutes(received, rng.int(5, 40));
  const deciphered = addMinutes(arrived, rng.int(20, 150));
  const clerk = rng.pick(CLERKS);
  const city = rng.pick(RECEIVED_IN);
  const withArrived = rng.chance(0.5);
  const withDeciphered = rng.chance(0.7);
  const withSent = rng.chance(0.85);

  const lines: string[] = [];
  lines.push(...head(date, title));
  lines.push(`Ciphered Telegram # ${number}`);
  lines.push(`To Comrade ${recipient.toUpperCase()}.`, '');
  if (withSent) lines.push(`Sent by wire on ${stamp(sent, us)}`);
  lines.push(`Received in ${city} on ${stamp(received, us)}`);
  if (withArrived) lines.push(`Arrived at the 8D/GS on ${stamp(arrived, us)}`);
  if (withDeciphered) {
    lines.push(`Deciphered by ${clerk} on ${stamp(deciphered, us)}`);
  }
  const telegram: NonNullable<ExpectedRecord['telegram']> = {
    number,
    origin: null,
    sentAt: withSent ? isoMinute(sent) : null,
    receivedAt: isoMinute(received),
    arrivedAt: withArrived ? isoMinute(arrived) : null,
    decipheredAt: withDeciphered ? isoMinute(deciphered) : null,
    decipheredBy: withDeciphered ? clerk : null,
    distribution: null,
    outgoingNumber: null,
    typedBy: null,
  };
  if (rng.chance(0.8)) {
    const people = rng.sample(DISTRIBUTEES, rng.int(2, 7));
    const recipients = people.map((name, i) => ({
      name,
      copies: i === 0 ? rng.int(1, 3) : 1,
    }));
    const sum = recipients.reduce((a, r) => a + r.copies, 0);
    const copies = rng.chance(0.15) ? sum + rng.int(1, 4) : sum;
    if (copies !== sum) e.warnings.push('distribution-copies-mismatch');
    const entries = recipients.map((r) => `${r.name} - ${r.copies}`);
    const cut = rng.int(1, entries.length);
    lines.push(
      `Distribution list - ${copies} copies: ${entries.slice(0, cut).join(', ')}${cut < entries.length ? ',' : '.'}`
    );
    if (cut < entries.length) lines.push(`${entries.slice(cut).join(', ')}.`);
    telegram.distribution = { copies, recipients };
  }
  lines.push('');
  e.telegram = telegram;

  const paragraphs = prose(rng, rng.int(1, 3));
  const requests = rng.chance(0.7) ? makeRequests(rng) : [];
  const cutAt = truncated ? rng.int(0, Math.max(0, requests.length - 1)) : -1;
  for (const p of [...paragraphs, ...extra]) lines.push(p, '');
  if (requests.length > 0) {
    lines.push(rng.pick(REQUEST_LEADS), '');
    for (const [i, r] of requests.entries()) {
      if (truncated && i === cutAt) {
        // cut inside the request text, after its first quantity
        const text = r.cutText;
        lines.push(`${r.number}. ${text}`);
        e.requests.push({ ...r.expected, text, quantities: r.cutQuantities });
        e.warnings.push('truncated');
        e.warnings.sort();
        return { text: `${lines.join('\n')}`, expected: e };
      }
      lines.push(`${r.number}. ${r.text}`, '');
      e.requests.push(r.expected);
    }
  }
  if (truncated) {
    // no request to cut: the page stops inside a paragraph
    const sentence = rng.pick(SENTENCES);
    // at least three words: a lone word line reads as a signature
    const third = sentence.split(' ').slice(0, 3).join(' ').length;
    lines.push(sentence.slice(0, rng.int(third + 2, sentence.length - 2)));
    e.warnings.push('truncated');
    e.warnings.sort();
    return { text: lines.join('\n'), expected: e };
  }
  lines.push(rng.pick(SENTENCES), '');
  lines.push(author.toUpperCase(), '');
  e.signatories = [author];
  const outgoing = `${rng.int(100, 9999)}/sh`;
  lines.push(`No. ${outgoing}`);
  lines.push(longDate(sent));
  telegram.outgoingNumber = outgoing;
  if (rng.chance(0.6)) {
    const typist = rng.pick(TYPISTS);
    const typed = addMinutes(deciphered, rng.int(10, 90));
    lines.push(`Typed by ${typist} on ${stamp(typed, us)}`);
    telegram.typedBy = typist;
  }
  lines.push('');
  tail(rng, lines, e, author);
  e.warnings.sort();
  return { text: lines.join('\n'), expected: e };
}

function letterPage(rng: Rng, extra: readonly string[]): Built {
  const e = emptyExpected();
  const [author, recipient] = rng.sample(PRINCIPALS, 2) as [string, string];
  const date = randomDate(rng);
  const title = `Letter from ${author} to ${recipient} on ${rng.pick(TOPICS)}`;
  e.title = title;
  e.date = isoDay(date);
  e.documentType = 'letter';
  e.authors = [author];
  e.recipients = [recipient];
  const salutation = `${rng.pick(DEAR)} ${surname(recipient)}`;
  const lines: string[] = [...head(date, title)];
  lines.push(`To Comrade ${recipient.toUpperCase()}`, '');
  lines.push(`${salutation},`, '');
  for (const p of [...prose(rng, rng.int(1, 3)), ...extra]) lines.push(p, '');
  const requests = makeRequests(rng);
  lines.push(rng.pick(REQUEST_LEADS), '');
  for (const r of requests) {
    lines.push(`${r.number}. ${r.text}`, '');
    e.requests.push(r.expected);
  }
  lines.push(rng.pick(SENTENCES), '');
  lines.push(rng.pick(CLOSINGS), '');
  lines.push(author.toUpperCase(), '');
  lines.push(longDate(date), '');
  e.signatories = [author];
  e.letter = { salutation, signedBy: author, body: null };
  tail(rng, lines, e, author);
  e.warnings.sort();
  return { text: lines.join('\n'), expected: e };
}

function conversationPage(rng: Rng, extra: readonly string[]): Built {
  const e = emptyExpected();
  const [a, b] = rng.sample(PRINCIPALS, 2) as [string, string];
  const date = randomDate(rng);
  const title = `Record of Conversation between ${a} and ${b}`;
  e.title = title;
  e.date = isoDay(date);
  e.documentType = 'conversation';
  e.participants = [a, b];
  const lines: string[] = [...head(date, title)];
  lines.push('Top Secret', '');
  lines.push('RECORD OF CONVERSATION', `with ${b.toUpperCase()}`, '');
  lines.push(longDate(date), '');
  for (const p of [...prose(rng, rng.int(2, 4)), ...extra]) lines.push(p, '');
  lines.push(a.toUpperCase(), '');
  e.signatories = [a];
  tail(rng, lines, e, a);
  e.warnings.sort();
  return { text: lines.join('\n'), expected: e };
}

// ---- parts -----------------------------------------------------------

function head(date: Date, title: string): string[] {
  return ['Skip to content', '', usDate(date), '', title, ''];
}

/** Summary, Document Information with a citation, rights, furniture. */
function tail(rng: Rng, lines: string[], e: ExpectedRecord, who: string): void {
  const summary = `${who} ${rng.pick(SUMMARY_VERBS)} ${rng.pick(PRINCIPALS)} ${rng.pick(SUMMARY_ENDS)}`;
  e.summary = summary;
  lines.push(summary, '', 'Document Information', '', '');
  const citations = rng.chance(0.2) ? 2 : 1;
  const parts: string[] = [];
  for (let i = 0; i < citations; i += 1) {
    const archive = rng.pick(ARCHIVES);
    const fond = String(rng.int(1, 999));
    const opis = String(rng.int(1, 99));
    const papka = rng.chance(0.3) ? String(rng.int(1, 400)) : null;
    const delo = String(rng.int(1, 1500));
    const from = rng.int(1, 200);
    const listy = rng.chance(0.6)
      ? `${from}-${from + rng.int(1, 9)}`
      : `${from}`;
    parts.push(
      `${archive.written}, fond ${fond}, opis ${opis}, ${papka ? `papka ${papka}, ` : ''}delo ${delo}, listy ${listy}`
    );
    e.sources.push({
      archive: archive.name,
      fond,
      opis,
      delo,
      papka,
      listy,
    });
  }
  lines.push(`${parts.join(' and ')}.`, '', '');
  lines.push(RIGHTS, '', 'Original Uploaded Date', '', '', '', '', 'Record ID');
}

interface MadeRequest {
  number: number;
  text: string;
  expected: ExpectedRecord['requests'][number];
  /** A prefix of `text` ending inside it, and the quantities it keeps. */
  cutText: string;
  cutQuantities: ExpectedRecord['requests'][number]['quantities'];
}

function makeRequests(rng: Rng): MadeRequest[] {
  const count = rng.int(1, 4);
  const out: MadeRequest[] = [];
  for (let n = 1; n <= count; n += 1) {
    const units = rng.sample(UNITS, rng.int(1, 2));
    const quantities = units.map((unit) => {
      const ranged = rng.chance(0.25);
      const min = roundish(rng);
      const max = ranged ? min + roundish(rng) : min;
      return {
        min,
        max,
        unit,
        written: ranged ? `${fmt(min)}-${fmt(max)}` : fmt(min),
      };
    });
    const verb = rng.pick(REQUEST_VERBS);
    const things = quantities
      .map((q) => `${q.written} ${q.unit}`)
      .join(' and ');
    const destination = rng.pick(DESTINATIONS);
    const text = `${verb} ${things} ${destination}.`;
    const first = quantities[0];
    const cutText = first
      ? // cut after the destination's leading preposition, which ends the unit
        `${verb} ${first.written} ${first.unit} ${destination.slice(0, rng.int(destination.indexOf(' ') + 2, destination.length - 2))}`
      : text;
    const strip = ({ min, max, unit }: (typeof quantities)[number]) => ({
      min,
      max,
      unit,
    });
    out.push({
      number: n,
      text,
      expected: { number: n, text, quantities: quantities.map(strip) },
      cutText,
      cutQuantities: first ? [strip(first)] : [],
    });
  }
  return out;
}

function prose(rng: Rng, paragraphs: number): string[] {
  return Array.from({ length: paragraphs }, () =>
    rng.sample(SENTENCES, rng.int(1, 3)).join(' ')
  );
}

function telegramNumber(rng: Rng): string {
  const n = String(rng.int(1000, 999_999));
  return rng.chance(0.4) ? `${n}/sh` : n;
}

/** A count as archives write them: 40, 120, 1,500, 25,000. */
function roundish(rng: Rng): number {
  const scale = rng.pick([1, 10, 100, 1000]);
  return rng.int(2, 60) * scale;
}

const fmt = (n: number) => n.toLocaleString('en-US');

// ---- dates -----------------------------------------------------------

function randomDate(rng: Rng): Date {
  const day = rng.int(0, 365 * 9);
  return new Date(Date.UTC(1945, 0, 1) + day * 86_400_000);
}

function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `October 9, 1950` (the date line). */
function usDate(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** `9 October 1950` (closing blocks). */
function longDate(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function isoMinute(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/** `10/09/50 at 7:05 a.m.` (US) or `09.10.50 at 07:05` (European). */
function stamp(d: Date, us: boolean): string {
  const yy = pad(d.getUTCFullYear() % 100);
  const h = d.getUTCHours();
  const m = pad(d.getUTCMinutes());
  if (!us) {
    return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${yy} at ${pad(h)}:${m}`;
  }
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${yy} at ${h12}:${m} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

function surname(name: string): string {
  return name.split(' ').at(-1) ?? name;
}

/** Mixes seed and index into one 32-bit state (splitmix-like). */
function mix(seed: number, index: number): number {
  let h = (seed ^ 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ index, 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
