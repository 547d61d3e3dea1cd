/**
 * Field-by-field scoring of extracted records against gold records, with
 * the rules of RECORD.md (Scoring): each scalar, list element and object
 * member counts once; names compare case-insensitively, ignoring
 * punctuation, and match when one's words end the other's; `unit` compares
 * by its head noun; lists of objects compare by position; lists of names
 * and `warnings` compare as sets. A value absent on both sides counts for
 * nothing. Only the warning codes RECORD.md scores are compared; a record's
 * other codes (review flags, `low-confidence`) are ignored on both sides.
 */
import { SCORED_WARNING_CODES } from '#shared/schema/record.ts';

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export type FieldTallies = Record<string, Tally>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const NAME_LISTS = new Set([
  'authors',
  'recipients',
  'via',
  'participants',
  'signatories',
]);
const NAME_SCALARS = new Set([
  'telegram.decipheredBy',
  'telegram.typedBy',
  'letter.signedBy',
  'telegram.distribution.recipients.name',
]);
const SCALARS = ['title', 'date', 'documentType', 'summary'] as const;
const TELEGRAM_MEMBERS = [
  'number',
  'origin',
  'sentAt',
  'receivedAt',
  'arrivedAt',
  'decipheredAt',
  'decipheredBy',
  'outgoingNumber',
  'typedBy',
] as const;
const CITATION_MEMBERS = [
  'archive',
  'fond',
  'opis',
  'delo',
  'papka',
  'listy',
] as const;

function words(s: string): string[] {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

/** Names match when one's words end the other's (`Ambassador Ivanov` ~ `Ivanov`). */
export function namesMatch(a: string, b: string): boolean {
  const x = words(a);
  const y = words(b);
  if (x.length === 0 || y.length === 0) return x.length === y.length;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const tail = long.slice(long.length - short.length);
  return short.every((w, i) => w === tail[i]);
}

function headNoun(unit: string): string {
  const head = unit.toLowerCase().split(/\s+of\s+/)[0] ?? '';
  const ws = head.trim().split(/\s+/);
  return ws[ws.length - 1] ?? '';
}

function fold(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

function add(t: FieldTallies, field: string, k: keyof Tally, n = 1): void {
  const tally = t[field] ?? { tp: 0, fp: 0, fn: 0 };
  tally[k] += n;
  t[field] = tally;
}

function scalar(
  t: FieldTallies,
  field: string,
  gold: Json | undefined,
  got: Json | undefined,
  eq: (a: Json, b: Json) => boolean = defaultEq
): void {
  const g = gold ?? null;
  const e = got ?? null;
  if (g === null && e === null) return;
  if (g !== null && e !== null && eq(g, e)) {
    add(t, field, 'tp');
    return;
  }
  if (g !== null) add(t, field, 'fn');
  if (e !== null) add(t, field, 'fp');
}

function defaultEq(a: Json, b: Json): boolean {
  if (typeof a === 'string' && typeof b === 'string')
    return fold(a) === fold(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function nameEq(a: Json, b: Json): boolean {
  return typeof a === 'string' && typeof b === 'string' && namesMatch(a, b);
}

function nameSet(
  t: FieldTallies,
  field: string,
  gold: Json[] | undefined,
  got: Json[] | undefined,
  eq: (a: Json, b: Json) => boolean
): void {
  const remaining = [...(got ?? [])];
  for (const g of gold ?? []) {
    const i = remaining.findIndex((e) => eq(g, e));
    if (i >= 0) {
      add(t, field, 'tp');
      remaining.splice(i, 1);
    } else add(t, field, 'fn');
  }
  if (remaining.length > 0) add(t, field, 'fp', remaining.length);
}

const SCORED_WARNINGS: ReadonlySet<Json> = new Set(SCORED_WARNING_CODES);

function isScoredWarning(code: Json): boolean {
  return SCORED_WARNINGS.has(code);
}

function obj(v: Json | undefined): Record<string, Json> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, Json>)
    : null;
}

function arr(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

/** Scores one extracted record against its gold record. */
export function scoreRecord(
  gold: Record<string, unknown>,
  got: Record<string, unknown>,
  into: FieldTallies = {}
): FieldTallies {
  const g = gold as Record<string, Json>;
  const e = got as Record<string, Json>;
  for (const f of SCALARS) scalar(into, f, g[f], e[f]);
  for (const f of NAME_LISTS) nameSet(into, f, arr(g[f]), arr(e[f]), nameEq);
  // only RECORD.md's four codes are scored; review flags and the like are
  // the record's own and count for nothing
  nameSet(
    into,
    'warnings',
    arr(g.warnings).filter(isScoredWarning),
    arr(e.warnings).filter(isScoredWarning),
    defaultEq
  );

  const gt = obj(g.telegram);
  const et = obj(e.telegram);
  for (const m of TELEGRAM_MEMBERS) {
    const path = `telegram.${m}`;
    scalar(
      into,
      path,
      gt?.[m],
      et?.[m],
      NAME_SCALARS.has(path) ? nameEq : defaultEq
    );
  }
  const gd = obj(gt?.distribution);
  const ed = obj(et?.distribution);
  scalar(into, 'telegram.distribution.copies', gd?.copies, ed?.copies);
  const gr = arr(gd?.recipients);
  const er = arr(ed?.recipients);
  for (let i = 0; i < Math.max(gr.length, er.length); i++) {
    const a = obj(gr[i]);
    const b = obj(er[i]);
    scalar(
      into,
      'telegram.distribution.recipients.name',
      a?.name,
      b?.name,
      nameEq
    );
    scalar(
      into,
      'telegram.distribution.recipients.copies',
      a?.copies,
      b?.copies
    );
  }

  const gl = obj(g.letter);
  const el = obj(e.letter);
  scalar(into, 'letter.salutation', gl?.salutation, el?.salutation);
  scalar(into, 'letter.signedBy', gl?.signedBy, el?.signedBy, nameEq);

  const gq = arr(g.requests);
  const eq = arr(e.requests);
  for (let i = 0; i < Math.max(gq.length, eq.length); i++) {
    const a = obj(gq[i]);
    const b = obj(eq[i]);
    scalar(into, 'requests.number', a?.number, b?.number);
    scalar(into, 'requests.text', a?.text, b?.text);
    const qa = arr(a?.quantities);
    const qb = arr(b?.quantities);
    for (let k = 0; k < Math.max(qa.length, qb.length); k++) {
      const x = obj(qa[k]);
      const y = obj(qb[k]);
      scalar(into, 'requests.quantities.min', x?.min, y?.min);
      scalar(into, 'requests.quantities.max', x?.max, y?.max);
      scalar(
        into,
        'requests.quantities.unit',
        x?.unit,
        y?.unit,
        (p, q) =>
          typeof p === 'string' &&
          typeof q === 'string' &&
          headNoun(p) === headNoun(q)
      );
    }
  }

  const gs = arr(g.sources);
  const es = arr(e.sources);
  for (let i = 0; i < Math.max(gs.length, es.length); i++) {
    const a = obj(gs[i]);
    const b = obj(es[i]);
    for (const m of CITATION_MEMBERS)
      scalar(into, `sources.${m}`, a?.[m], b?.[m]);
  }
  return into;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of a tally (1 where nothing was to be found). */
export function prf(t: Tally): Prf {
  const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  const f1 =
    precision + recall === 0
      ? 0
      : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** The sum of all field tallies. */
export function overall(t: FieldTallies): Tally {
  const sum = { tp: 0, fp: 0, fn: 0 };
  for (const v of Object.values(t)) {
    sum.tp += v.tp;
    sum.fp += v.fp;
    sum.fn += v.fn;
  }
  return sum;
}

/** A per-field table, fixed width, with the overall line last. */
export function formatTable(t: FieldTallies): string {
  const rows = Object.keys(t).sort();
  const width = Math.max(7, ...rows.map((r) => r.length));
  const head = `${'field'.padEnd(width)}  ${['tp', 'fp', 'fn', 'P', 'R', 'F1'].map((h) => h.padStart(6)).join('')}`;
  const line = (name: string, v: Tally) => {
    const s = prf(v);
    return `${name.padEnd(width)}  ${[v.tp, v.fp, v.fn].map((n) => String(n).padStart(6)).join('')}${[s.precision, s.recall, s.f1].map((n) => n.toFixed(3).padStart(6)).join('')}`;
  };
  return [
    head,
    ...rows.map((r) => line(r, t[r] ?? { tp: 0, fp: 0, fn: 0 })),
    line('overall', overall(t)),
  ].join('\n');
}
