/**
 * A telegram header with every member null: what a correction's members
 * left out default to (shared/corrections/fields.ts), and what the web
 * page shows while editing a telegram read without a header. Kept apart
 * from record.ts (zod) so the browser bundle can import it; the type
 * import is erased, and `satisfies` keeps it in step with the schema.
 */
import type { Telegram } from './record.ts';

export const EMPTY_TELEGRAM = {
  number: null,
  origin: null,
  sentAt: null,
  receivedAt: null,
  arrivedAt: null,
  decipheredAt: null,
  decipheredBy: null,
  distribution: null,
  outgoingNumber: null,
  typedBy: null,
} as const satisfies Telegram;
