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
  'signer',
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

/**
 * The filters of `GET /records`, in the order the page writes them into
 * its URL (`#/?text=…&person=…`). Copied from `parseQueryFilters`'s list
 * (without `cursor`, which the URL keeps apart); a unit test checks the two
 * agree.
 */
export const FILTER_NAMES = [
  'text',
  'person',
  'role',
  'type',
  'from',
  'to',
  'telegram',
  'status',
  'limit',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** A search's filters as strings, as the URL and the form hold them. */
export type Filters = Partial<Record<FilterName, string>>;

/**
 * Page sizes the form offers beside the default (the API's DEFAULT_LIMIT,
 * 20, is the select's empty choice; it takes at most MAX_LIMIT, 100).
 */
export const LIMIT_OPTIONS = ['50', '100'] as const;

/** What a filter is called on the page (chips, facet headings). */
export const FILTER_LABELS: Record<FilterName, string> = {
  text: 'Words',
  person: 'Person',
  role: 'Role',
  type: 'Type',
  from: 'From',
  to: 'To',
  telegram: 'Telegram No.',
  status: 'Status',
  limit: 'Per page',
};
