/**
 * The choices of the search form's selects. Copied (not imported) from the
 * query service so the page bundle does not pull in zod; a unit test checks
 * they equal `PERSON_ROLES` and `DOCUMENT_TYPES`.
 */
export const ROLE_OPTIONS = [
  'author',
  'recipient',
  'via',
  'participant',
  'signatory',
  'distribution',
] as const;

export const TYPE_OPTIONS = [
  'telegram',
  'letter',
  'conversation',
  'report',
  'minutes',
  'diary',
  'memorandum',
  'speech',
  'other',
] as const;

/** The form's filter names, in the order of the query string. */
export const FILTER_NAMES = [
  'text',
  'person',
  'role',
  'type',
  'from',
  'to',
] as const;
