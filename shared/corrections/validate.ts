/**
 * Checks a correction a person asks for against the record shown and its
 * decoded text, and makes the correction to store. Every refusal is a
 * `ValidationError` whose message starts with the part at fault (`path:`,
 * `value:`, `span:`, `note:`, `op:`), so the API answers 400 naming it and
 * the CLI exits 2 with the same words.
 */
import { ValidationError } from '#shared/errors/index.ts';
import {
  type Extraction,
  ExtractionSchema,
  SCORED_WARNING_CODES,
} from '#shared/schema/record.ts';
import { evaluate } from './apply.ts';
import {
  CORRECTION_LIMITS,
  type Correction,
  type CorrectionInput,
  CorrectionInputSchema,
} from './correction.ts';
import {
  assign,
  childSpec,
  type FieldSpec,
  fieldOf,
  normalizeValue,
  resolve,
  type Segment,
} from './fields.ts';
import { anchorOf, identical, indexOfSame, quote, readsAs } from './values.ts';

export interface CorrectionContext {
  /** The record as shown: the extraction with its corrections applied. */
  view: Extraction;
  /** The decoded text spans point into; null when it cannot be read. */
  text: string | null;
  /** Who makes it: an AWS principal ARN, or the OS user locally. */
  by: string;
  /** ISO time. */
  at: string;
  /** The id to give it (the client's, or a new one). */
  id: string;
}

/** A zod issue of the input, in words naming the member at fault. */
function describeIssue(issue: {
  code: string;
  path: PropertyKey[];
  keys?: string[];
  maximum?: unknown;
}): string {
  const part = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys?.[0] ?? 'body'}: not a member of a correction (op, path, value, span, note, id)`;
  }
  switch (part) {
    case 'op':
      return 'op: must be set, add or remove';
    case 'path':
      return `path: must be a record path of 1-${CORRECTION_LIMITS.path} characters`;
    case 'span':
      return 'span: must be { "start": n, "end": n } with whole numbers from 0 (or null)';
    case 'note':
      return `note: must be a string of at most ${CORRECTION_LIMITS.note} characters (or null)`;
    case 'id':
      return 'id: must be 8-80 letters, digits, ".", "_" or "-"';
    default:
      return 'body: must be a JSON object { op, path, value?, span?, note? }';
  }
}

/**
 * Parses a correction request (the API body, or what the CLI built).
 *
 * @throws ValidationError naming the member at fault
 */
export function parseCorrectionInput(input: unknown): CorrectionInput {
  const parsed = CorrectionInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      issue ? describeIssue(issue as never) : 'body: invalid',
      parsed.error.issues
    );
  }
  return parsed.data;
}

/** Days in a month (proleptic Gregorian). */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A calendar check of `YYYY[-MM[-DD]][THH:MM]` (the schema checks only its shape). */
function badDate(value: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2}):(\d{2}))?$/.exec(
    value
  );
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  if (m[2] !== undefined && (mo! < 1 || mo! > 12)) return 'no such month';
  if (m[3] !== undefined && (d! < 1 || d! > daysIn(y!, mo!))) {
    return 'no such day';
  }
  if (m[4] !== undefined && (h! > 23 || mi! > 59)) return 'no such time';
  return null;
}

/**
 * What the schema does not check: unknown members, empty strings, calendar
 * dates, a quantity's range, warning codes outside RECORD.md's four.
 * Returns the first problem, in words, or null.
 */
function valueProblem(
  spec: FieldSpec,
  value: unknown,
  at: string
): string | null {
  if (value === null || value === undefined) return null;
  switch (spec.kind) {
    case 'text':
    case 'name':
    case 'unit':
      return typeof value === 'string' && value === ''
        ? `${at} is empty (use null, or remove the entry)`
        : null;
    case 'date':
    case 'datetime': {
      const bad = typeof value === 'string' ? badDate(value) : null;
      return bad ? `${at} '${value}': ${bad}` : null;
    }
    case 'code':
      return (SCORED_WARNING_CODES as readonly unknown[]).includes(value)
        ? null
        : `${at} must be one of ${SCORED_WARNING_CODES.join(', ')} (the codes RECORD.md scores)`;
    case 'list': {
      const entry = childSpec(spec.pattern, '*');
      if (!entry || !Array.isArray(value)) return null;
      for (const [i, v] of value.entries()) {
        const p = valueProblem(entry, v, `${at}.${i}`);
        if (p) return p;
      }
      return null;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const v = value as Record<string, unknown>;
      for (const key of Object.keys(v)) {
        const member = childSpec(spec.pattern, key);
        if (!member && !(spec.defaults && key in spec.defaults)) {
          return `${at} has an unknown member "${key}" (${spec.expects})`;
        }
        const p = member ? valueProblem(member, v[key], `${at}.${key}`) : null;
        if (p) return p;
      }
      if (
        spec.pattern === 'requests.*.quantities.*' &&
        typeof v.min === 'number' &&
        typeof v.max === 'number' &&
        v.min > v.max
      ) {
        return `${at}: min ${v.min} is above max ${v.max}`;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Does a schema issue concern the value at `target` (or under it)? */
function under(issuePath: readonly PropertyKey[], target: readonly Segment[]) {
  return target.every((s, i) => issuePath[i] === s);
}

/**
 * Checks the value's type by placing it in a copy of the record and
 * validating that with the record schema (the one source of field types).
 */
function checkType(
  view: Extraction,
  target: Segment[],
  value: unknown,
  spec: FieldSpec,
  append: boolean
): void {
  const candidate = structuredClone(view);
  if (append) {
    (resolve(candidate, target.slice(0, -1)).value as unknown[]).push(value);
  } else {
    assign(candidate, target, value);
  }
  const parsed = ExtractionSchema.safeParse(candidate);
  const issue = parsed.success
    ? undefined
    : parsed.error.issues.find((i) => under(i.path, target));
  if (issue) {
    const member = issue.path.slice(target.length).join('.');
    throw new ValidationError(
      `value: ${target.join('.')} must be ${spec.expects}${member ? ` (${member} is not)` : ''}; got ${quote(value)}`,
      parsed.success ? [] : parsed.error.issues
    );
  }
}

/**
 * Makes the correction a person asked for, checked against the record
 * shown and its text.
 *
 * 1. the path names an editable field that exists (for `add`, a list);
 * 2. the value has the field's type and changes something;
 * 3. the span lies within the text and reads as the value (the scorer's
 *    comparison: names by their last words, numbers as numbers);
 * 4. `oldValue` is what the path reads now.
 *
 * @param input the request (`parseCorrectionInput` is applied again)
 * @param ctx the record shown, its text, who, when and the id to give it
 * @throws ValidationError naming the part at fault
 */
export function makeCorrection(
  input: CorrectionInput | unknown,
  ctx: CorrectionContext
): Correction {
  const req = parseCorrectionInput(input);
  const { view, text } = ctx;
  const { segments, spec } = fieldOf(req.path);
  const path = segments.join('.');
  const entry = isListEntry(segments);

  // 1. the path
  if (req.op === 'add' && spec.kind !== 'list') {
    throw new ValidationError(
      `path: add takes a list (authors, telegram.distribution.recipients, requests, requests.0.quantities, sources, ...); ${path} is not one`
    );
  }
  if (req.op === 'remove' && !entry && !spec.nullable) {
    throw new ValidationError(
      `path: ${path} cannot be removed (it must be ${spec.expects}); set it instead`
    );
  }
  const here = resolve(view, segments);
  if (!here.found) {
    throw new ValidationError(`path: ${path} does not exist: ${here.reason}`);
  }
  if (req.op === 'add' && !Array.isArray(here.value)) {
    throw new ValidationError(`path: ${path} is not a list`);
  }

  // 2. the value
  const valueSpec =
    req.op === 'add' ? (childSpec(spec.pattern, '*') ?? spec) : spec;
  let value: unknown = null;
  if (req.op === 'remove') {
    if (req.value !== undefined && req.value !== null) {
      throw new ValidationError('value: a removal takes no value');
    }
  } else {
    if (req.value === undefined) {
      throw new ValidationError(
        `value: missing (${req.op} needs one: ${valueSpec.expects})`
      );
    }
    if (req.value === null && (!valueSpec.nullable || req.op === 'add')) {
      throw new ValidationError(
        `value: ${path} cannot be null (it must be ${valueSpec.expects})${entry ? '; to drop the entry, remove it' : ''}`
      );
    }
    const bytes = Buffer.byteLength(JSON.stringify(req.value) ?? '');
    if (bytes > CORRECTION_LIMITS.valueBytes) {
      throw new ValidationError(
        `value: ${bytes} bytes as JSON, over the limit of ${CORRECTION_LIMITS.valueBytes}`
      );
    }
    value = normalizeValue(valueSpec, req.value);
    const list = here.value as unknown[];
    const target = req.op === 'add' ? [...segments, list.length] : segments;
    checkType(view, target, value, valueSpec, req.op === 'add');
    const problem = valueProblem(valueSpec, value, target.join('.'));
    if (problem) throw new ValidationError(`value: ${problem}`);
    if (req.op === 'set' && identical(here.value, value)) {
      throw new ValidationError(
        `value: ${path} already reads '${quote(value)}': nothing to correct`
      );
    }
    if (req.op === 'add') {
      const has = indexOfSame(valueSpec, list, value);
      if (has >= 0) {
        throw new ValidationError(
          `value: ${path} already has '${quote(list[has])}' (${path}.${has}), the same as '${quote(value)}' as RECORD.md compares them`
        );
      }
    }
  }

  // 3. the span
  const span = req.span ?? null;
  if (span) {
    if (req.op === 'remove') {
      throw new ValidationError('span: a removal has no span');
    }
    if (valueSpec.kind === 'code') {
      throw new ValidationError(
        'span: warning codes are not read from the text; give no span'
      );
    }
    if (span.start >= span.end) {
      throw new ValidationError(
        `span: start must be before end (got ${span.start}-${span.end})`
      );
    }
    if (text === null) {
      throw new ValidationError(
        "span: the record's decoded text cannot be read, so the span cannot be checked; give the value without a span"
      );
    }
    if (span.end > text.length) {
      throw new ValidationError(
        `span: ${span.start}-${span.end} is outside the text (${text.length} characters)`
      );
    }
    const read = text.slice(span.start, span.end);
    if (!readsAs(valueSpec, read, value, anchorOf(view.date))) {
      throw new ValidationError(
        `span: the text at ${span.start}-${span.end} reads '${quote(read)}', not '${quote(value)}'`
      );
    }
  }

  // 4. the correction
  const note = req.note?.trim() ? req.note.trim() : null;
  const correction: Correction = {
    id: req.id ?? ctx.id,
    op: req.op,
    path,
    value,
    oldValue: req.op === 'add' ? null : structuredClone(here.value),
    span,
    note,
    by: ctx.by,
    at: ctx.at,
    status: 'applied',
  };
  const check = evaluate(view, correction, undefined);
  if (check.status !== 'applied') {
    throw new ValidationError(
      `value: ${check.detail ?? `${path} would not change`}`
    );
  }
  return correction;
}

function isListEntry(segments: readonly Segment[]): boolean {
  return typeof segments.at(-1) === 'number';
}

/** A new correction id: `<at>-<random>` (sorts by time). */
export function newCorrectionId(at: string, random: string): string {
  return `${at.replace(/[^0-9]/g, '').slice(0, 17)}-${random}`;
}
