/** Warning codes in words, for the CLI's `get` and the web page. */
import type { WarningCode } from '#shared/schema/record.ts';

export const WARNING_MESSAGES: Record<WarningCode, string> = {
  'distribution-copies-mismatch':
    'The distribution list names a different number of copies than it adds up to.',
  'time-order':
    'The telegram times are out of order (e.g. received before it was sent).',
  'request-numbering-gap': 'The numbered requests skip a number.',
  truncated:
    'The page text stops mid-document; fields after the cut are missing.',
  'low-confidence':
    'The layout was not recognised; fields were extracted on a best-effort basis.',
  'low-ocr-confidence':
    'The text was read by OCR with low confidence; check it against the scan.',
};

/** The message for a code, or the code itself when it is unknown. */
export function describeWarning(code: string): string {
  return WARNING_MESSAGES[code as WarningCode] ?? code;
}
