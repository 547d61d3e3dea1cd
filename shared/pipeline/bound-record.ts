/**
 * Keeps a record small enough for one DynamoDB item (400 KB hard limit)
 * whatever the page: the full text lives in S3, and the long free-text
 * fields are capped here, in a fixed order, only as far as needed.
 */
import type { DocumentRecord } from '#shared/schema/record.ts';

/**
 * Bytes of the decoded-text excerpt kept in the record item: a preview
 * (a page's opening lines: on corpus pages its summary line, date and
 * title); the whole text is always at `text.uri`. It stands in for the
 * text only when it holds all of it (a page this short) and the source is
 * gone or changed (derived-text.ts). 512 bytes keep a corpus page's record
 * item within 2 KB, 2 write units (docs/STORE.md, "Record size").
 */
export const EXCERPT_BYTES = 512;

/**
 * Budget for the record's JSON. The item also holds keys, GSI attributes
 * and the list of index keys it owns; 256 KB leaves ample room for those.
 */
export const RECORD_BUDGET_BYTES = 256 * 1024;

const encoder = new TextEncoder();

/** UTF-8 size of a value's JSON (close to DynamoDB's item-size accounting). */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 4) return text;
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // step back over UTF-8 continuation bytes (10xxxxxx)
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

type Step = { field: string; apply: (r: DocumentRecord) => DocumentRecord };

const capList = <T>(list: T[], n: number): T[] => list.slice(0, n);

/** Last resort: every string and list in the record, whatever its field. */
function deepCap(value: unknown, maxString: number, maxList: number): unknown {
  if (typeof value === 'string') return truncateUtf8(value, maxString);
  if (Array.isArray(value)) {
    return value.slice(0, maxList).map((v) => deepCap(v, maxString, maxList));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, deepCap(v, maxString, maxList)])
    );
  }
  return value;
}

/** Capping steps, mildest first; each returns a new record. */
const STEPS: Step[] = [
  {
    field: 'letter.body',
    apply: (r) =>
      r.letter?.body
        ? {
            ...r,
            letter: { ...r.letter, body: truncateUtf8(r.letter.body, 16_384) },
          }
        : r,
  },
  {
    field: 'summary',
    apply: (r) =>
      r.summary ? { ...r, summary: truncateUtf8(r.summary, 8_192) } : r,
  },
  {
    field: 'requests.text',
    apply: (r) => ({
      ...r,
      requests: r.requests.map((q) => ({
        ...q,
        text: truncateUtf8(q.text, 2_048),
        quantities: capList(q.quantities, 20),
      })),
    }),
  },
  {
    field: 'endorsements',
    apply: (r) => ({
      ...r,
      endorsements: capList(r.endorsements, 20).map((e) =>
        truncateUtf8(e, 2_048)
      ),
    }),
  },
  { field: 'provenance', apply: (r) => ({ ...r, provenance: {} }) },
  {
    field: 'all-strings-and-lists',
    apply: (r) => ({
      ...(deepCap(r, 256, 50) as DocumentRecord),
      // identity and source link are never cut: they are what makes the
      // record findable and verifiable
      id: r.id,
      source: r.source,
      text: r.text && {
        ...r.text,
        excerpt: truncateUtf8(r.text.excerpt, 1024),
      },
      failure: r.failure,
      duplicateOf: r.duplicateOf,
    }),
  },
];

/**
 * Applies capping steps until the record fits `budget`. Returns the record
 * and the names of the steps applied (stored beside the record so a reader
 * knows the item is not the whole extraction).
 */
export function boundRecord(
  record: DocumentRecord,
  budget = RECORD_BUDGET_BYTES
): { record: DocumentRecord; capped: string[] } {
  let current = record;
  const capped: string[] = [];
  for (const step of STEPS) {
    if (jsonBytes(current) <= budget) break;
    current = step.apply(current);
    capped.push(step.field);
  }
  return { record: current, capped };
}
