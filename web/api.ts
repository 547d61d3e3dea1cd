/// <reference lib="dom" />
/**
 * The page's calls to the query API. Paths are relative (`api/records`),
 * so the page works wherever it is served: the embedded runtime at `/`
 * with the API at `/api/*`, or the query function in AWS.
 *
 * Writes (corrections, "mark reviewed") are same-origin JSON POSTs that
 * carry the page's cookies: locally the per-run secret of `archive up`
 * travels in a SameSite=Strict cookie, so a write answers 401/403 when the
 * page was not opened from the URL the CLI printed (`ApiError.refused`).
 */
import type {
  Facets,
  PeopleResponse,
  PersonSummary,
  RecordSummary,
  SearchResponse,
} from '#functions/query/schemas.ts';
import type {
  CorrectedMark,
  Correction,
  CorrectionInput,
  CorrectionOp,
  Reviewed,
} from '#shared/corrections/correction.ts';
import type { RecordView } from '#shared/query/index.ts';
import type { Span } from '#shared/schema/record.ts';
import type { Filters } from './options.ts';

export type {
  Facets,
  Filters,
  PeopleResponse,
  PersonSummary,
  RecordSummary,
  RecordView,
  SearchResponse,
};

/** An API answer other than 2xx, with the API's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * The API refused the caller (401/403): locally the page lacks this
   * run's secret; in AWS the identity may not write.
   */
  get refused(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** What to do when a request is refused (401/403) and the answer does not say. */
export const REFUSED_HINT =
  "Locally, open the page from the URL `archive up` (or `archive web`) printed: it carries this run's secret. In AWS, only the reviewer role may correct records or mark them reviewed.";

/**
 * An API error in words. A refusal keeps the server's own words when they
 * say what to do (the local boundary names the secret, the query function
 * the reviewer role); a bare one (API Gateway's "Forbidden") gets the hint.
 */
export function errorMessage(error: ApiError): string {
  if (!error.refused || /secret|reviewer|origin|site/i.test(error.message)) {
    return error.message;
  }
  return `${error.message.replace(/\.?$/, '.')} ${REFUSED_HINT}`;
}

const BASE = 'api';

async function get(path: string): Promise<Response> {
  const response = await fetch(`${BASE}${path}`, {
    headers: { accept: 'application/json, text/plain' },
    credentials: 'same-origin',
  });
  return checked(response);
}

/** A JSON POST to the API (the cookie with the run's secret goes along). */
async function post(path: string, body: unknown): Promise<Response> {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
    },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  return checked(response);
}

/** The response when it is 2xx; otherwise an ApiError with the API's message. */
async function checked(response: Response): Promise<Response> {
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let parameter: string | undefined;
    try {
      const body = (await response.json()) as {
        message?: string;
        parameter?: string;
      };
      message = body.message ?? message;
      parameter = body.parameter;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message, parameter);
  }
  return response;
}

function queryString(params: Record<string, string | null | undefined>) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value?.trim()) search.set(name, value.trim());
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

/**
 * `GET /records`: one page of a search. The first page (no cursor) also
 * carries the facet counts of the whole match; a later page does when
 * `facets` is true (a page opened from a link).
 *
 * @param filters the filters of the search (empty ones are left out)
 * @param cursor the page's cursor; null for the first page
 */
export async function searchRecords(
  filters: Filters,
  cursor: string | null,
  { facets = false }: { facets?: boolean } = {}
): Promise<SearchResponse> {
  const params = { ...filters, cursor, facets: facets ? 'true' : null };
  return (await get(`/records${queryString(params)}`)).json();
}

/**
 * `GET /people`: one page of the people index, spellings merged.
 *
 * @param prefix first letters of the name ('' for everyone)
 * @param cursor the page's cursor; null for the first page
 */
export async function fetchPeople(
  prefix: string,
  cursor: string | null,
  limit = 50
): Promise<PeopleResponse> {
  return (
    await get(`/people${queryString({ prefix, cursor, limit: String(limit) })}`)
  ).json();
}

const idPath = (id: string) => `/records/${encodeURIComponent(id)}`;

export async function getRecordView(id: string): Promise<RecordView> {
  return (await get(idPath(id))).json();
}

export async function getRecordText(id: string): Promise<string> {
  return (await get(`${idPath(id)}/text`)).text();
}

/** The TEI P5 XML export of one record (a link, not fetched by the page). */
export function teiHref(id: string): string {
  return `${BASE}${idPath(id)}/tei`;
}

/** The decoded text of one record, as a link. */
export function textHref(id: string): string {
  return `${BASE}${idPath(id)}/text`;
}

// ---- review and corrections (issue 13) -------------------------------------
//
// The correction types are the domain's (shared/corrections/correction.ts,
// types only: no zod in the bundle); the record view carries corrections,
// corrected marks, the reviewed marker and the review flags.

export type { CorrectedMark, Correction, CorrectionOp };

/** Half-open offsets `[start, end)` into the decoded text. */
export type TextSpan = Span;

/** Who marked a record reviewed, when, why, and the flags it had then. */
export type ReviewedMark = Reviewed;

/** The record view with its corrections and review state. */
export type ReviewableView = RecordView;

/** The body of `POST /records/{id}/corrections`. */
export type CorrectionRequest = CorrectionInput;

/** One record of the review queue. */
export interface ReviewQueueItem {
  id: string;
  title: string | null;
  date: string | null;
  documentType: string;
  flags: string[];
  processedAt: string;
}

/** `GET /review`: the queue, oldest first, with counts by flag. */
export interface ReviewQueue {
  items: ReviewQueueItem[];
  counts: Record<string, number>;
  total: number;
  cursor: string | null;
}

/**
 * `GET /review`: one page of the records that need review, oldest first,
 * with the counts by flag over the whole queue.
 *
 * @param cursor the page's cursor; null for the first page
 * @param limit records per page (the API takes 1 to 200)
 */
export async function getReviewQueue(
  cursor: string | null,
  limit = 100
): Promise<ReviewQueue> {
  const params = { cursor, limit: String(limit) };
  return (await get(`/review${queryString(params)}`)).json();
}

/** The record view of one record, with its corrections and review state. */
export async function getReviewableView(id: string): Promise<ReviewableView> {
  return (await get(idPath(id))).json();
}

/**
 * `POST /records/{id}/corrections`: stores one correction.
 *
 * @returns the correction and the record view with it applied
 * @throws ApiError 400 naming the bad part (path, value, span), 401/403
 *   when refused, 404 for an unknown record
 */
export async function postCorrection(
  id: string,
  body: CorrectionRequest
): Promise<{ correction: Correction; view: ReviewableView }> {
  return (await post(`${idPath(id)}/corrections`, body)).json();
}

/** `POST /records/{id}/reviewed`: marks the record reviewed. */
export async function markReviewed(
  id: string,
  note: string | null
): Promise<{ reviewed: ReviewedMark }> {
  return (await post(`${idPath(id)}/reviewed`, note ? { note } : {})).json();
}
