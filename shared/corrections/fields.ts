/**
 * The editable fields: RECORD.md's scored fields, one entry per path
 * pattern (`*` for a list index), each with how its values are read from
 * the text and compared (the scorer's rules), what a value must be, and the
 * defaults an object entry gets for members left out. One table, read by
 * validation, application, span checks and the CLI's value parsing.
 *
 * Paths are written like `record.provenance` keys: `authors.1`,
 * `telegram.distribution.recipients.2.copies`, `requests.0.quantities.1`.
 */
import { ValidationError } from '#shared/errors/index.ts';
import { EMPTY_TELEGRAM } from '#shared/schema/empty-telegram.ts';
import { DOCUMENT_TYPES, SCORED_WARNING_CODES } from '#shared/schema/record.ts';

/**
 * How values of a field compare and read from the text:
 * `text` free text (white space folded), `name` a person or body (names
 * match when one's words end the other's), `int`/`number`, `date`
 * (`YYYY[-MM[-DD]]`), `datetime` (`YYYY-MM-DD[THH:MM]`), `type` a document
 * type, `unit` a counted noun (by its head noun), `code` a warning code,
 * `object` and `list` (member by member, entry by entry).
 */
export type FieldKind =
  | 'text'
  | 'name'
  | 'int'
  | 'number'
  | 'date'
  | 'datetime'
  | 'type'
  | 'unit'
  | 'code'
  | 'object'
  | 'list';

export interface FieldSpec {
  /** `authors.*`, `telegram.distribution.recipients.*.copies`. */
  readonly pattern: string;
  readonly kind: FieldKind;
  /** May the value be null (and a `remove` empty it)? */
  readonly nullable: boolean;
  /** What a value must be, in words, for error messages. */
  readonly expects: string;
  /** Members an object entry gets when a client leaves them out. */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

const NAME_LISTS = [
  'authors',
  'recipients',
  'via',
  'participants',
  'signatories',
] as const;

const TELEGRAM_TIMES = [
  'sentAt',
  'receivedAt',
  'arrivedAt',
  'decipheredAt',
] as const;

const CITATION_PARTS = ['fond', 'opis', 'delo', 'papka', 'listy'] as const;

const NULLABLE_TEXT = 'a string or null';
const NAME = 'a name (a non-empty string)';

/** The table (RECORD.md "Fields"), in its order. */
export const EDITABLE_FIELDS: readonly FieldSpec[] = [
  { pattern: 'title', kind: 'text', nullable: true, expects: NULLABLE_TEXT },
  {
    pattern: 'date',
    kind: 'date',
    nullable: true,
    expects: 'a date YYYY, YYYY-MM or YYYY-MM-DD, or null',
  },
  {
    pattern: 'documentType',
    kind: 'type',
    nullable: false,
    expects: `one of ${DOCUMENT_TYPES.join(', ')}`,
  },
  // senders, addressees, intermediaries, parties, signers: lists of names
  ...NAME_LISTS.flatMap((list): FieldSpec[] => [
    {
      pattern: list,
      kind: 'list',
      nullable: false,
      expects: 'a list of names',
    },
    { pattern: `${list}.*`, kind: 'name', nullable: false, expects: NAME },
  ]),
  {
    pattern: 'telegram',
    kind: 'object',
    nullable: true,
    expects: 'a telegram object (members left out are null) or null',
    defaults: EMPTY_TELEGRAM,
  },
  ...(['number', 'origin', 'outgoingNumber'] as const).map(
    (m): FieldSpec => ({
      pattern: `telegram.${m}`,
      kind: 'text',
      nullable: true,
      expects: NULLABLE_TEXT,
    })
  ),
  ...TELEGRAM_TIMES.map(
    (m): FieldSpec => ({
      pattern: `telegram.${m}`,
      kind: 'datetime',
      nullable: true,
      expects:
        'a local date-time YYYY-MM-DDTHH:MM or a date YYYY-MM-DD, or null',
    })
  ),
  ...(['decipheredBy', 'typedBy'] as const).map(
    (m): FieldSpec => ({
      pattern: `telegram.${m}`,
      kind: 'name',
      nullable: true,
      expects: 'a name or null',
    })
  ),
  {
    pattern: 'telegram.distribution',
    kind: 'object',
    nullable: true,
    expects: 'a distribution { copies, recipients } or null',
    defaults: { copies: null, recipients: [] },
  },
  {
    pattern: 'telegram.distribution.copies',
    kind: 'int',
    nullable: true,
    expects: 'a whole number or null',
  },
  {
    pattern: 'telegram.distribution.recipients',
    kind: 'list',
    nullable: false,
    expects: 'a list of { name, copies }',
  },
  {
    // RECORD.md: a name with no count gets one copy
    pattern: 'telegram.distribution.recipients.*',
    kind: 'object',
    nullable: false,
    expects: 'a distribution entry { name, copies } (copies default 1)',
    defaults: { copies: 1 },
  },
  {
    pattern: 'telegram.distribution.recipients.*.name',
    kind: 'name',
    nullable: false,
    expects: NAME,
  },
  {
    pattern: 'telegram.distribution.recipients.*.copies',
    kind: 'int',
    nullable: false,
    expects: 'a whole number',
  },
  {
    pattern: 'letter',
    kind: 'object',
    nullable: true,
    expects: 'a letter { salutation, signedBy } or null',
    // the body is not scored and not editable; a letter made by hand has none
    defaults: { salutation: null, signedBy: null, body: null },
  },
  {
    pattern: 'letter.salutation',
    kind: 'text',
    nullable: true,
    expects: NULLABLE_TEXT,
  },
  {
    pattern: 'letter.signedBy',
    kind: 'name',
    nullable: true,
    expects: 'a name or null',
  },
  {
    pattern: 'requests',
    kind: 'list',
    nullable: false,
    expects: 'a list of { number, text, quantities }',
  },
  {
    pattern: 'requests.*',
    kind: 'object',
    nullable: false,
    expects: 'a request { number, text, quantities } (quantities default [])',
    defaults: { quantities: [] },
  },
  {
    pattern: 'requests.*.number',
    kind: 'int',
    nullable: false,
    expects: 'a whole number',
  },
  {
    pattern: 'requests.*.text',
    kind: 'text',
    nullable: false,
    expects: 'a non-empty string',
  },
  {
    pattern: 'requests.*.quantities',
    kind: 'list',
    nullable: false,
    expects: 'a list of { min, max, unit }',
  },
  {
    pattern: 'requests.*.quantities.*',
    kind: 'object',
    nullable: false,
    expects: 'a quantity { min, max, unit } (max defaults to min)',
  },
  ...(['min', 'max'] as const).map(
    (m): FieldSpec => ({
      pattern: `requests.*.quantities.*.${m}`,
      kind: 'number',
      nullable: false,
      expects: 'a number',
    })
  ),
  {
    pattern: 'requests.*.quantities.*.unit',
    kind: 'unit',
    nullable: false,
    expects: 'a non-empty string (the counted noun phrase)',
  },
  { pattern: 'summary', kind: 'text', nullable: true, expects: NULLABLE_TEXT },
  {
    pattern: 'sources',
    kind: 'list',
    nullable: false,
    expects: 'a list of citations',
  },
  {
    pattern: 'sources.*',
    kind: 'object',
    nullable: false,
    expects:
      'a citation { archive, fond, opis, delo, papka, listy } (members left out are null)',
    defaults: Object.fromEntries(CITATION_PARTS.map((p) => [p, null])),
  },
  {
    pattern: 'sources.*.archive',
    kind: 'text',
    nullable: false,
    expects: 'a non-empty string',
  },
  ...CITATION_PARTS.map(
    (m): FieldSpec => ({
      pattern: `sources.*.${m}`,
      kind: 'text',
      nullable: true,
      expects: NULLABLE_TEXT,
    })
  ),
  {
    pattern: 'warnings',
    kind: 'list',
    nullable: false,
    expects: 'a list of warning codes',
  },
  {
    // only RECORD.md's scored codes: review flags and the like are the
    // extractor's own and are cleared by marking the record reviewed
    pattern: 'warnings.*',
    kind: 'code',
    nullable: false,
    expects: `one of ${SCORED_WARNING_CODES.join(', ')}`,
  },
];

const BY_PATTERN = new Map(EDITABLE_FIELDS.map((f) => [f.pattern, f]));

/** The top-level editable fields, for messages. */
export const EDITABLE_ROOTS = [
  ...new Set(EDITABLE_FIELDS.map((f) => f.pattern.split('.')[0])),
];

/** One step of a path: a member name or a list index. */
export type Segment = string | number;

const PATH = /^[A-Za-z]+(?:\.(?:0|[1-9]\d{0,5}|[A-Za-z]+))*$/;

/**
 * Splits a path into segments (list indexes as numbers).
 *
 * @throws ValidationError naming the path when it is malformed
 * @example parsePath('authors.1') // ['authors', 1]
 */
export function parsePath(path: string): Segment[] {
  if (!PATH.test(path)) {
    throw new ValidationError(
      `path: "${path.slice(0, 80)}" is not a record path (write it like authors.1 or telegram.distribution.recipients.0.copies)`
    );
  }
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `['authors', 1]` → `authors.*`. */
export function patternOf(segments: readonly Segment[]): string {
  return segments.map((s) => (typeof s === 'number' ? '*' : s)).join('.');
}

/** The spec of a pattern, or null when the path is not editable. */
export function specOf(pattern: string): FieldSpec | null {
  return BY_PATTERN.get(pattern) ?? null;
}

/**
 * The spec of a path.
 *
 * @throws ValidationError naming the path when it is not an editable field
 */
export function fieldOf(path: string): {
  segments: Segment[];
  spec: FieldSpec;
} {
  const segments = parsePath(path);
  const spec = specOf(patternOf(segments));
  if (!spec) {
    throw new ValidationError(
      `path: "${path}" is not an editable field (the scored fields of RECORD.md: ${EDITABLE_ROOTS.join(', ')}, their members and list entries)`
    );
  }
  return { segments, spec };
}

/** The spec of a member or entry under `pattern` (`key` a name or `*`). */
export function childSpec(pattern: string, key: string): FieldSpec | null {
  return specOf(`${pattern}.${key}`);
}

/** Is the value at this pattern a string (so a CLI value stays text)? */
export function isStringKind(kind: FieldKind): boolean {
  return (
    kind === 'text' ||
    kind === 'name' ||
    kind === 'date' ||
    kind === 'datetime' ||
    kind === 'type' ||
    kind === 'unit' ||
    kind === 'code'
  );
}

/** Where a path leads in a record, or why it leads nowhere. */
export type Resolved =
  | { found: true; value: unknown; reason?: undefined }
  | { found: false; value?: undefined; reason: string };

/**
 * Reads the value at `segments`.
 *
 * @example resolve(record, ['authors', 3]) // { found: false, reason: 'authors has 2 entries' }
 */
export function resolve(
  record: unknown,
  segments: readonly Segment[]
): Resolved {
  let current: unknown = record;
  const walked: Segment[] = [];
  for (const s of segments) {
    const here = walked.join('.');
    if (typeof s === 'number') {
      if (!Array.isArray(current)) {
        return { found: false, reason: `${here} is not a list` };
      }
      if (s >= current.length) {
        const n = current.length;
        return {
          found: false,
          reason: `${here} has ${n} entr${n === 1 ? 'y' : 'ies'}`,
        };
      }
      current = current[s];
    } else {
      if (current === null) {
        return { found: false, reason: `${here} is null` };
      }
      if (typeof current !== 'object' || Array.isArray(current)) {
        return { found: false, reason: `${here || 'the record'} has no ${s}` };
      }
      if (!(s in current)) {
        return { found: false, reason: `${here || 'the record'} has no ${s}` };
      }
      current = (current as Record<string, unknown>)[s];
    }
    walked.push(s);
  }
  return { found: true, value: current };
}

/** Writes `value` at `segments` (the parent must exist). */
export function assign(
  record: unknown,
  segments: readonly Segment[],
  value: unknown
): void {
  const parent = resolve(record, segments.slice(0, -1));
  const last = segments.at(-1);
  if (!parent.found || last === undefined) {
    throw new Error(`cannot assign at ${segments.join('.')}`);
  }
  (parent.value as Record<string | number, unknown>)[last] = value;
}

/**
 * A value as stored: object entries get their defaults (and a quantity's
 * `max` its `min`), member by member and entry by entry; strings of text
 * and name fields are white-space folded and trimmed (RECORD.md).
 */
export function normalizeValue(spec: FieldSpec, value: unknown): unknown {
  if (typeof value === 'string') {
    return isStringKind(spec.kind) ? foldSpace(value) : value;
  }
  if (spec.kind === 'list' && Array.isArray(value)) {
    const entry = childSpec(spec.pattern, '*');
    return entry ? value.map((v) => normalizeValue(entry, v)) : value;
  }
  if (
    spec.kind !== 'object' ||
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value)
  ) {
    return value;
  }
  // the members as given, in their order, then the defaults left out
  const filled: Record<string, unknown> = { ...(value as object) };
  for (const [key, member] of Object.entries(spec.defaults ?? {})) {
    if (!(key in filled)) filled[key] = member;
  }
  if (
    spec.pattern === 'requests.*.quantities.*' &&
    filled.max === undefined &&
    typeof filled.min === 'number'
  ) {
    filled.max = filled.min;
  }
  for (const [key, member] of Object.entries(filled)) {
    const child = childSpec(spec.pattern, key);
    if (child) filled[key] = normalizeValue(child, member);
  }
  return filled;
}

/** Runs of white space (no-break spaces too) folded to one space, ends trimmed. */
export function foldSpace(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * A value typed on the command line (`--set path=value`): JSON when it
 * parses (`3`, `null`, `{"name":"Beria"}`), else the text as typed; a
 * field that holds text keeps the text as typed (`--set
 * telegram.number=600382` is the string `600382`), unless it is `null`.
 *
 * @param path the correction's path (for `add`, the list's)
 * @param raw the text after `=`
 * @param op the operation (an `add` types one entry of the list)
 */
export function parseCliValue(
  path: string,
  raw: string,
  op: 'set' | 'add'
): unknown {
  const { spec } = fieldOf(path);
  const valueSpec =
    op === 'add' ? (childSpec(spec.pattern, '*') ?? spec) : spec;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (isStringKind(valueSpec.kind) && typeof parsed !== 'string') {
    return parsed === null ? null : raw;
  }
  return parsed;
}
