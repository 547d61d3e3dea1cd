/**
 * (adapter) API Gateway HTTP API event → query service → HTTP response.
 *
 * The factory takes the query service (and the page's files), so the
 * Lambda entries (functions/query/handler.ts for reading,
 * functions/review/handler.ts for the write routes), the embedded runtime
 * (local/api-mount.ts passes `{ query, store, s3, config, caller }`; only
 * `query` and `caller` are read) and tests run the same code. Write
 * routes (POST, JSON body, docs/REVIEW.md) are answered only with a
 * `caller`, which names who writes (the correction's `by`). Errors become responses in one place,
 * `errorResponse`, by `instanceof`; clients never see a stack trace or an
 * internal message, only a request id to quote.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { CORRECTION_LIMITS } from '#shared/corrections/index.ts';
import {
  AppError,
  NotFoundError,
  TransientError,
  ValidationError,
} from '#shared/errors/index.ts';
import { toTei } from '#shared/export/tei.ts';
import { parseQueryFilters, type QueryService } from '#shared/query/index.ts';
import type { StaticAssets } from './assets.ts';
import {
  allowedMethods,
  matchRoute,
  type RouteMatch,
  type RouteMethod,
  WEB_ASSETS,
} from './routes.ts';
import {
  type CorrectionResponse,
  type ErrorResponse,
  type PeopleResponse,
  RecordIdSchema,
  type ReviewedResponse,
  type ReviewQueueResponse,
  type SearchResponse,
  type SourceLink,
  toSummary,
} from './schemas.ts';

/** What the handler logs (Powertools' Logger fits; tests pass a spy). */
export type QueryLogger = Pick<Logger, 'error' | 'warn' | 'info'>;

export interface QueryHandlerDeps {
  query: QueryService;
  /** The web page's files; none in the embedded runtime (it serves web/). */
  assets?: StaticAssets | null;
  logger?: QueryLogger;
  /**
   * Who makes a write request (the AWS principal ARN, the OS user
   * locally), or null when the caller may not write (403). Without it the
   * write routes are not answered (404): the read-only query function.
   */
  caller?: (event: APIGatewayProxyEventV2) => string | null;
}

export type QueryHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A known path asked with a method it does not answer. */
export class MethodNotAllowedError extends AppError {
  constructor(
    message: string,
    readonly allow: readonly RouteMethod[] = ['GET']
  ) {
    super(message);
  }
}

/** A write by a caller who may not write (not the reviewer role). */
export class ForbiddenError extends AppError {}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' };

/**
 * The page loads only its own script, style and API: no inline script, no
 * third-party origin, no framing.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; " +
  "connect-src 'self'; img-src 'self'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'";

function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {}
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/**
 * Facets come with the first page (no cursor) unless `facets=false`;
 * `facets=true` asks for them on a later page too.
 *
 * @throws ValidationError for another value
 */
export function wantsFacets(
  value: string | undefined,
  cursor: string | undefined
): boolean {
  if (value === undefined || value === '') return cursor === undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ValidationError('facets: must be true or false');
}

/** `GET /people` parameters: prefix, limit, cursor; nothing else. */
export function parsePeopleParams(params: Record<string, string | undefined>): {
  prefix?: string;
  limit?: number;
  cursor?: string;
} {
  const out: { prefix?: string; limit?: number; cursor?: string } = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (name === 'prefix') out.prefix = value;
    else readPageParam(out, name, value);
  }
  return out;
}

/** `GET /review` parameters: limit, cursor; nothing else. */
export function parseReviewParams(params: Record<string, string | undefined>): {
  limit?: number;
  cursor?: string;
} {
  const out: { limit?: number; cursor?: string } = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    readPageParam(out, name, value);
  }
  return out;
}

/** Reads `cursor` or `limit` into `out`; any other name is refused. */
function readPageParam(
  out: { limit?: number; cursor?: string },
  name: string,
  value: string
): void {
  if (name === 'cursor') {
    if (value.length > 4096) throw new ValidationError('cursor: too long');
    out.cursor = value;
  } else if (name === 'limit') {
    if (!/^\d{1,4}$/.test(value)) {
      throw new ValidationError('limit: must be an integer from 1 to 200');
    }
    out.limit = Number(value);
  } else throw new ValidationError(`unknown parameter "${name}"`);
}

/**
 * The JSON body of a write request: at most `CORRECTION_LIMITS.bodyBytes`,
 * sent as JSON; an absent body is `{}`.
 *
 * @throws ValidationError (`body: ...`) for anything else
 */
export function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded
    ? Buffer.from(raw, 'base64').toString('utf8')
    : raw;
  if (Buffer.byteLength(text) > CORRECTION_LIMITS.bodyBytes) {
    throw new ValidationError(
      `body: larger than ${CORRECTION_LIMITS.bodyBytes} bytes`
    );
  }
  if (text.trim() === '') return {};
  const type = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-type'
  )?.[1];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new ValidationError(
      `body: send JSON with content-type application/json (got ${type.slice(0, 60)})`
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('body: not valid JSON');
  }
}

/** The parameter a validation message starts with (`limit: too big`). */
function parameterOf(error: ValidationError): string | undefined {
  const unknown = /^unknown (?:filter|parameter) "([^"]+)"/.exec(
    error.message
  )?.[1];
  return unknown ?? /^([A-Za-z][\w.]*):/.exec(error.message)?.[1];
}

/**
 * The one place errors become HTTP responses.
 *
 * @param error anything thrown while answering
 * @param requestId quoted in the body so a user can report it
 * @param logger receives unexpected errors with their stack
 */
export function errorResponse(
  error: unknown,
  requestId: string | undefined,
  logger: QueryLogger
): APIGatewayProxyStructuredResultV2 {
  const body = (message: string, extra: Partial<ErrorResponse> = {}) => ({
    message,
    ...extra,
    ...(requestId ? { requestId } : {}),
  });
  if (error instanceof ValidationError) {
    const parameter = parameterOf(error);
    return json(400, body(error.message, parameter ? { parameter } : {}));
  }
  if (error instanceof NotFoundError) {
    return json(404, body(error.message));
  }
  if (error instanceof MethodNotAllowedError) {
    return json(405, body(error.message), { allow: error.allow.join(', ') });
  }
  if (error instanceof ForbiddenError) {
    return json(403, body(error.message));
  }
  if (error instanceof TransientError) {
    logger.warn('transient error answering a query', { error });
    return json(503, body('Temporarily unavailable; try again'), {
      'retry-after': '1',
    });
  }
  logger.error('unexpected error answering a query', { error });
  return json(500, body('Internal error'));
}

/**
 * Builds the query API handler around the query service.
 *
 * @param deps the query service, the page's files and a logger
 * @example
 * const handler = makeHandler({ query: createQueryService(store) });
 * const res = await handler(event); // event.rawPath '/records'
 */
export function makeHandler(deps: QueryHandlerDeps): QueryHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'query' });
  const { query } = deps;

  const recordId = (match: RouteMatch): string => {
    const parsed = RecordIdSchema.safeParse(match.params.id);
    if (!parsed.success) {
      throw new ValidationError(
        `id: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        parsed.error.issues
      );
    }
    return parsed.data;
  };

  const webFile = async (
    name: string
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const known = (WEB_ASSETS as readonly string[]).includes(name);
    const asset = known
      ? await deps.assets?.get(name as (typeof WEB_ASSETS)[number])
      : null;
    if (!asset) throw new NotFoundError(`No route GET /${name}`);
    return {
      statusCode: 200,
      headers: {
        'content-type': asset.contentType,
        'cache-control': 'no-cache',
        ...SECURITY_HEADERS,
        ...(name === 'index.html'
          ? { 'content-security-policy': PAGE_CSP }
          : {}),
      },
      body: asset.body.toString('base64'),
      isBase64Encoded: true,
    };
  };

  const answer = async (
    event: APIGatewayProxyEventV2
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const match = matchRoute(path, method);
    if (!match) throw new NotFoundError(`No route ${method} ${path}`);
    if (method !== match.route.method) {
      throw new MethodNotAllowedError(
        `${method} not allowed on ${path}`,
        allowedMethods(path)
      );
    }
    // the read-only query function answers no write route
    if (match.route.write && !deps.caller) {
      throw new NotFoundError(`No route ${method} ${path}`);
    }
    const writer = (): string => {
      const who = deps.caller?.(event) ?? null;
      if (!who) {
        throw new ForbiddenError(
          'Only the reviewer role may correct records or mark them reviewed'
        );
      }
      return who;
    };
    switch (match.route.name) {
      case 'searchRecords': {
        const { facets, ...params } = event.queryStringParameters ?? {};
        const filters = parseQueryFilters(params);
        const result = await query.search(filters, {
          facets: wantsFacets(facets, filters.cursor),
        });
        const body: SearchResponse = {
          items: result.items.map((r) => {
            const snippet = result.snippets?.[r.id];
            return snippet ? { ...toSummary(r), snippet } : toSummary(r);
          }),
          cursor: result.cursor,
          ...(result.facets ? { facets: result.facets } : {}),
        };
        return json(200, body);
      }
      case 'listPeople': {
        const params = parsePeopleParams(event.queryStringParameters ?? {});
        const page = await query.listPeople(params);
        const body: PeopleResponse = {
          items: page.items,
          cursor: page.cursor,
        };
        return json(200, body);
      }
      case 'getRecord':
        return json(200, await query.getRecordView(recordId(match)));
      case 'getRecordText': {
        const text = await query.getRecordText(recordId(match));
        return {
          statusCode: 200,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'cache-control': 'no-store',
            ...SECURITY_HEADERS,
          },
          body: text,
        };
      }
      case 'getRecordTei': {
        // a failure record has no text: toTei throws NotFoundError (404)
        const id = recordId(match);
        const [view, text] = await Promise.all([
          query.getRecordView(id),
          query.getRecordText(id),
        ]);
        return {
          statusCode: 200,
          headers: {
            'content-type': 'application/xml; charset=utf-8',
            // a download, never rendered in the API's origin
            'content-disposition': `attachment; filename="${id}.xml"`,
            'content-security-policy': "default-src 'none'; sandbox",
            'cache-control': 'no-store',
            ...SECURITY_HEADERS,
          },
          body: toTei(view.record, text, { auditTrail: view.auditTrail }),
        };
      }
      case 'getRecordSource': {
        const id = recordId(match);
        const view = await query.getRecordView(id);
        if (!view.source.link) {
          throw new NotFoundError(`Record "${id}" has no source object link`);
        }
        const body: SourceLink = { id, url: view.source.link };
        return json(200, body);
      }
      case 'reviewQueue': {
        const params = parseReviewParams(event.queryStringParameters ?? {});
        const page = await query.reviewQueue(params);
        const body: ReviewQueueResponse = {
          items: page.items,
          counts: page.counts,
          total: page.total,
          cursor: page.cursor,
        };
        return json(200, body);
      }
      case 'correctRecord': {
        const by = writer();
        const id = recordId(match);
        const made = await query.correct(id, parseJsonBody(event), by);
        const body: CorrectionResponse = {
          correction: made.correction,
          view: made.view,
        };
        // a retry of a saved request (same `id`) is answered as it was, 200
        return json(made.created ? 201 : 200, body);
      }
      case 'markReviewed': {
        const by = writer();
        const id = recordId(match);
        const body: ReviewedResponse = await query.markReviewed(
          id,
          parseJsonBody(event),
          by
        );
        return json(200, body);
      }
      case 'webPage':
        return webFile('index.html');
      case 'webAsset':
        return webFile(match.params.asset ?? '');
    }
  };

  return async (event) => {
    try {
      return await answer(event);
    } catch (error) {
      return errorResponse(error, event.requestContext?.requestId, logger);
    }
  };
}
