/// <reference lib="dom" />
/**
 * The page's calls to the query API. Paths are relative (`api/records`),
 * so the page works wherever it is served: the embedded runtime at `/`
 * with the API at `/api/*`, or the query function in AWS.
 */
import type {
  Facets,
  PeopleResponse,
  PersonSummary,
  RecordSummary,
  SearchResponse,
  SourceLink,
} from '#functions/query/schemas.ts';
import type { RecordView } from '#shared/query/index.ts';
import type { Filters } from './options.ts';

export type {
  Facets,
  Filters,
  PeopleResponse,
  PersonSummary,
  RecordSummary,
  RecordView,
  SearchResponse,
  SourceLink,
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
}

const BASE = 'api';

async function get(path: string): Promise<Response> {
  const response = await fetch(`${BASE}${path}`, {
    headers: { accept: 'application/json, text/plain' },
  });
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

export async function getSourceLink(id: string): Promise<SourceLink> {
  return (await get(`${idPath(id)}/source`)).json();
}
