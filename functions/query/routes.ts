/**
 * The query API's routes: one table that the router (make-handler.ts), the
 * OpenAPI generator (scripts/openapi.ts) and the CDK wiring read, so the
 * three cannot disagree about what exists.
 *
 * Write routes (`write: true`, POST with a JSON body: corrections and the
 * reviewed marker, docs/REVIEW.md) are answered only by a handler given a
 * caller: on AWS the reviewer function, whose routes only the reviewer
 * role may invoke; locally the runtime, behind its per-run secret.
 *
 * Paths are matched after an optional `/api` prefix is removed: the
 * embedded runtime mounts the handler at `/api/*` (local/http.ts), and the
 * HTTP API in AWS may route either form to it.
 */
import { ValidationError } from '#shared/errors/index.ts';

export type RouteName =
  | 'searchRecords'
  | 'listPeople'
  | 'getRecord'
  | 'getRecordText'
  | 'getRecordTei'
  | 'getRecordSource'
  | 'reviewQueue'
  | 'correctRecord'
  | 'markReviewed'
  | 'webPage'
  | 'webAsset';

export type RouteMethod = 'GET' | 'POST';

export interface RouteSpec {
  name: RouteName;
  method: RouteMethod;
  /** OpenAPI-style template (`{id}` is one path segment). */
  path: string;
  summary: string;
  /** Part of the JSON API (documented in docs/openapi.json)? */
  api: boolean;
  /** Changes data: a JSON body, a caller, the reviewer role on AWS. */
  write?: boolean;
}

/** Every route the function answers, in match order. */
export const ROUTES: readonly RouteSpec[] = [
  {
    name: 'searchRecords',
    method: 'GET',
    path: '/records',
    summary: 'Find records (the filters of `archive query`), newest first',
    api: true,
  },
  {
    name: 'listPeople',
    method: 'GET',
    path: '/people',
    summary:
      'The people of the archive, spellings merged, with record counts by role and years',
    api: true,
  },
  {
    name: 'getRecord',
    method: 'GET',
    path: '/records/{id}',
    summary:
      'One record with its warnings in words, provenance, source and audit trail',
    api: true,
  },
  {
    name: 'getRecordText',
    method: 'GET',
    path: '/records/{id}/text',
    summary: 'The decoded text the provenance spans point into',
    api: true,
  },
  {
    name: 'getRecordTei',
    method: 'GET',
    path: '/records/{id}/tei',
    summary:
      'The record as TEI P5 XML: the decoded text with every extracted value marked up where it stands',
    api: true,
  },
  {
    name: 'getRecordSource',
    method: 'GET',
    path: '/records/{id}/source',
    summary: 'A short-lived link to the source object as uploaded',
    api: true,
  },
  {
    name: 'reviewQueue',
    method: 'GET',
    path: '/review',
    summary:
      'The records waiting for review, oldest first, with counts by flag',
    api: true,
  },
  {
    name: 'correctRecord',
    method: 'POST',
    path: '/records/{id}/corrections',
    summary:
      'Correct a field of a record (set a value, add or remove a list entry), with the span of the text it reads from',
    api: true,
    write: true,
  },
  {
    name: 'markReviewed',
    method: 'POST',
    path: '/records/{id}/reviewed',
    summary: 'Mark a record reviewed: it leaves the review queue',
    api: true,
    write: true,
  },
  {
    name: 'webPage',
    method: 'GET',
    path: '/',
    summary: 'The web page',
    api: false,
  },
  {
    name: 'webAsset',
    method: 'GET',
    path: '/{asset}',
    summary: "The web page's script and style sheet",
    api: false,
  },
];

/** Files of the web page the function serves (nothing else under `/`). */
export const WEB_ASSETS = [
  'index.html',
  'app.js',
  'app.css',
  'favicon.svg',
] as const;

/** The prefix the embedded runtime mounts the API under. */
export const API_PREFIX = '/api';

export interface RouteMatch {
  route: RouteSpec;
  params: Record<string, string>;
}

/** `/api/records` → `/records`; `/api` → `/`. */
export function stripApiPrefix(path: string): string {
  if (path === API_PREFIX) return '/';
  return path.startsWith(`${API_PREFIX}/`)
    ? path.slice(API_PREFIX.length)
    : path;
}

function segments(path: string): string[] {
  return path.split('/').slice(1);
}

/**
 * Finds the route for a path: the one with `method` when there is one,
 * else the first with the path whatever its method (the caller answers
 * 405 for a known path asked with another method).
 *
 * @param rawPath the request path as sent (percent-encoded)
 * @param method the request method (upper case)
 * @returns the route and its decoded parameters, or null
 * @throws ValidationError when a parameter is not valid percent-encoding
 */
export function matchRoute(
  rawPath: string,
  method?: string
): RouteMatch | null {
  const all = matchingRoutes(rawPath);
  return all.find((m) => m.route.method === method) ?? all[0] ?? null;
}

/** The methods a path answers (the `Allow` of a 405). */
export function allowedMethods(rawPath: string): RouteMethod[] {
  return [...new Set(matchingRoutes(rawPath).map((m) => m.route.method))];
}

function matchingRoutes(rawPath: string): RouteMatch[] {
  const path = stripApiPrefix(rawPath);
  const given = segments(path);
  const found: RouteMatch[] = [];
  for (const route of ROUTES) {
    const template = segments(route.path);
    if (template.length !== given.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < template.length && ok; i += 1) {
      const t = template[i]!;
      const g = given[i]!;
      const param = /^\{(\w+)\}$/.exec(t)?.[1];
      if (param) {
        if (g === '') ok = false;
        else params[param] = decodeSegment(param, g);
      } else {
        ok = t === g;
      }
    }
    if (ok) found.push({ route, params });
  }
  return found;
}

function decodeSegment(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (error) {
    throw new ValidationError(`${name}: not valid percent-encoding`, [], {
      cause: error,
    });
  }
}
