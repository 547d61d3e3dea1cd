/**
 * Warning codes in words, for the CLI's `get`, the API and the web page.
 * With the record at hand, the message says what does not add up.
 */
import type { Extraction, WarningCode } from '#shared/schema/record.ts';

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
};

type Checked = Pick<Extraction, 'telegram' | 'requests'>;

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
  return generic;
}
