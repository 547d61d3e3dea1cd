/// <reference lib="dom" />
/**
 * The page's calls to the query API. Paths are relative (`api/records`),
 * so the page works wherever it is served: the embedded runtime at `/`
 * with the API at `/api/*`, or the query function in AWS.
 */
import type {
  RecordSummary,
  SearchResponse,
  SourceLink,
} from '#functions/query/schemas.ts';
import type { RecordView } from '#shared/query/index.ts';

export type { RecordSummary, RecordView, SearchResponse, SourceLink };

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

/** Filters as the form holds them; empty ones are left out. */
export type Filters = Record<string, string>;

export async function searchRecords(
  filters: Filters,
  cursor: string | null
): Promise<SearchResponse> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value.trim()) params.set(name, value.trim());
  }
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return (await get(`/records${query ? `?${query}` : ''}`)).json();
}

const idPath = (id: string) => `/records/${encodeURIComponent(id)}`;

export async function getRecordView(id: string): Promise<RecordView> {
  return (await get(idPath(id))).json();
}

export async function getRecordText(id: string): Promise<string> {
  return (await get(`${idPath(id)}/text`)).text();
}

export async function getSourceLink(id: string): Promise<SourceLink> {
  return (await get(`${idPath(id)}/source`)).json();
}
