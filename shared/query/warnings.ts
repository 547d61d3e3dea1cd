/**
 * Warning codes in words, for the CLI's `get`, the API and the web page.
 * With the record at hand, the message says what does not add up.
 */
import type {
  Extraction,
  ReviewCode,
  Span,
  WarningCode,
} from '#shared/schema/record.ts';

export const WARNING_MESSAGES: Record<WarningCode, string> = {
  'distribution-copies-mismatch':
    'The distribution list names a different number of copies than it adds up to.',
  'time-order':
    'The telegram times are out of order (e.g. received before it was sent).',
  'request-numbering-gap': 'The numbered requests skip or repeat a number.',
  truncated:
    'The page text stops mid-document; fields after the cut are missing.',
  'low-confidence':
    'The layout was not recognised; fields were extracted on a best-effort basis.',
  'low-ocr-confidence':
    'The text was read by OCR with low confidence; check it against the scan.',
  'ambiguous-date':
    'A numeric date could be read day-first or month-first and nothing on the page settled it; check the dates.',
  'unread-header-line':
    'A line looks like telegram header material (copies, distribution, cipher number, sent/received, signature) but was not read; check it by hand.',
  'unknown-page-kind':
    'The kind of document was not recognised (not a telegram, letter, report...); check its heading.',
};

/** The record's fields a message can quote (`review` absent on old records). */
type Checked = Pick<Extraction, 'telegram' | 'requests'> &
  Partial<Pick<Extraction, 'review'>>;

/**
 * The message for a code (the code itself when unknown); specific to the
 * record when one is given.
 *
 * @example
 * describeWarning('distribution-copies-mismatch', record)
 * // 'The distribution list states 11 copies, but its entries add up to 8.'
 */
export function describeWarning(code: string, record?: Checked): string {
  const generic = WARNING_MESSAGES[code as WarningCode] ?? code;
  if (!record) return generic;
  const t = record.telegram;
  if (code === 'distribution-copies-mismatch' && t?.distribution) {
    const sum = t.distribution.recipients.reduce((a, r) => a + r.copies, 0);
    return `The distribution list states ${t.distribution.copies} copies, but its entries add up to ${sum}.`;
  }
  if (code === 'time-order' && t) {
    const times = [
      ['sent', t.sentAt],
      ['received', t.receivedAt],
      ['deciphered', t.decipheredAt],
    ].filter(([, v]) => v) as [string, string][];
    return `The telegram times are out of order: ${times.map(([k, v]) => `${k} ${v.replace('T', ' ')}`).join(', ')}.`;
  }
  if (code === 'request-numbering-gap' && record.requests.length > 0) {
    return `The numbered requests go ${record.requests.map((r) => r.number).join(', ')}: a number is skipped or repeated.`;
  }
  const flagged = (record.review ?? []).filter((f) => f.code === code);
  if (code === 'unread-header-line' && flagged.length > 0) {
    const quoted = flagged.map((f) => `"${f.text}"`).join(', ');
    return `${flagged.length === 1 ? 'A line looks' : `${flagged.length} lines look`} like header material but ${flagged.length === 1 ? 'was' : 'were'} not read: ${quoted}.`;
  }
  if (code === 'unknown-page-kind' && flagged[0]) {
    return `The kind of document was not recognised from "${flagged[0].text}"; check its heading.`;
  }
  return generic;
}

/** A flagged line in words: what to check, and where (`path` in provenance). */
export interface ReviewItem {
  code: string;
  message: string;
  text: string;
  span: Span;
  path: string;
}

/**
 * The lines a record asks a person to check, each with its code in words
 * and its span (for `archive get`, the API's record view and the web page).
 *
 * @param record a record (`review` may be absent on records stored before it)
 */
export function reviewItems(
  record: Partial<Pick<Extraction, 'review'>>
): ReviewItem[] {
  return (record.review ?? []).map((f, i) => ({
    code: f.code,
    message: REVIEW_MESSAGES[f.code],
    text: f.text,
    span: f.span,
    path: `review.${i}.text`,
  }));
}

/** One flagged line in words (the line itself is shown beside it). */
const REVIEW_MESSAGES: Record<ReviewCode, string> = {
  'unread-header-line': 'looks like header material but was not read',
  'unknown-page-kind': 'the document kind was not recognised from this line',
};
